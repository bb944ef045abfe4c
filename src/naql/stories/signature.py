"""MinHash signatures over word shingles of the analyzer's tokens, storable as bytes.

Why our own MinHash rather than datasketch's: the signature must be identical across
processes and restarts (it is stored in a database column and compared with signatures
computed next month), so every hash here is a fixed function of the text — ``zlib.crc32`` for
tokens and a seeded multiply-shift family for the permutations — never Python's salted
``hash``. It is also a single vectorized numpy step per article, which measured faster than
datasketch's per-shingle ``update`` loop (see benchmarks/RESULTS.md).

Why analyzer tokens: two outlets running the same wire copy differ in diacritics, alef forms,
tatweel and attached articles; the analyzer folds those, so the shingles agree.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from naql.stories.marks import number_marks, ordinal_vocabulary
from naql.text import analyze

NUM_PERM = 128
SHINGLE = 4
_SEED = 20260601
# Version 2 appends the fact marks (a count byte, then 4 bytes a mark); version 1 rows,
# stored before marks existed, still decode (``numbers=None``: no fact check for them).
_FORMAT_VERSION = 2
_HEADER = struct.Struct("<BBHI")  # version, shingle size, number of hashes, shingle count
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _permutations(num_perm: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The fixed (a, b) pairs of the hash family; recomputed from a constant seed, never stored."""
    rng = np.random.Generator(np.random.PCG64(_SEED))
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash sketch of one text's set of word shingles.

    ``values`` holds ``num_perm`` little-endian uint32 minima; ``size`` is the number of
    distinct shingles, kept so that containment (how much of the shorter text is inside the
    longer one) can be estimated as well as Jaccard. ``numbers`` are the sorted hashes of the
    text's numbers and ordinals (``naql.stories.marks``), ``None`` for a signature stored
    before they existed. Equal texts give equal signatures in every process.
    """

    values: bytes
    size: int
    shingle: int = SHINGLE
    numbers: tuple[int, ...] | None = None

    @property
    def num_perm(self) -> int:
        """How many hash functions the sketch uses."""
        return len(self.values) // 4

    def array(self) -> npt.NDArray[np.uint32]:
        """The minima as a read-only numpy view (no copy)."""
        return np.frombuffer(self.values, dtype="<u4")

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets (0 when either is empty)."""
        if self.size == 0 or other.size == 0:
            return 0.0
        if self.num_perm != other.num_perm or self.shingle != other.shingle:
            raise ValueError("signatures built with different parameters cannot be compared")
        return float(np.count_nonzero(self.array() == other.array())) / self.num_perm

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller shingle set found in the larger one.

        Derived from Jaccard and the two set sizes: |A∩B| = J(|A|+|B|)/(1+J). It is what
        survives an aggregator's wrapper or a new intro, which add shingles to one side only.
        """
        j = self.jaccard(other)
        if j == 0.0:
            return 0.0
        inter = j * (self.size + other.size) / (1.0 + j)
        return min(1.0, inter / min(self.size, other.size))

    def to_bytes(self) -> bytes:
        """A compact, versioned encoding for a database column (4 bytes per hash and mark + 9)."""
        head = _HEADER.pack(_FORMAT_VERSION, self.shingle, self.num_perm, self.size)
        numbers = self.numbers or ()
        return head + self.values + struct.pack(f"<B{len(numbers)}I", len(numbers), *numbers)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Decode ``to_bytes`` output; raises ``ValueError`` on anything else."""
        if len(data) < _HEADER.size:
            raise ValueError("signature bytes too short")
        version, shingle, num_perm, size = _HEADER.unpack_from(data)
        end = _HEADER.size + 4 * num_perm
        values = bytes(data[_HEADER.size : end])
        if version == 1 and len(data) == end:
            return cls(values=values, size=size, shingle=shingle)
        if version != _FORMAT_VERSION or len(data) <= end or len(data) != end + 1 + 4 * data[end]:
            raise ValueError("not a naql signature (wrong version or length)")
        numbers = struct.unpack_from(f"<{data[end]}I", data, end + 1)
        return cls(values=values, size=size, shingle=shingle, numbers=numbers)


class Signer:
    """Builds signatures with one fixed set of parameters.

    An object rather than module state so that the permutation tables are built once and
    passed where they are needed; two ``Signer`` with the same parameters agree exactly.
    Thread-safe: it holds read-only tables only.
    """

    __slots__ = ("_a", "_b", "_ordinals", "num_perm", "shingle")

    def __init__(self, num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> None:
        if num_perm < 1 or not 1 <= shingle <= 255:
            raise ValueError("num_perm must be positive and shingle in 1..255")
        self.num_perm = num_perm
        self.shingle = shingle
        self._a, self._b = _permutations(num_perm)
        self._ordinals = ordinal_vocabulary()

    def sign_text(self, text: str) -> Signature:
        """Analyze ``text`` and sign its tokens."""
        return self.sign_tokens(analyze(text))

    def sign_tokens(self, tokens: Sequence[str]) -> Signature:
        """Sign already analyzed tokens (the stage analyzes once for search and reuses them)."""
        shingles = self._shingle_hashes(tokens)
        if shingles.size == 0:
            return Signature(
                values=b"\xff\xff\xff\xff" * self.num_perm,
                size=0,
                shingle=self.shingle,
                numbers=(),
            )
        return Signature(
            values=self._minima(shingles).tobytes(),
            size=int(shingles.size),
            shingle=self.shingle,
            numbers=number_marks(tokens, self._ordinals),
        )

    def _minima(self, shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
        """Per permutation, the top 32 bits of min((a*x + b) mod 2**64) over the shingles.

        Multiply-shift hashing; numpy wraps uint64 array arithmetic, which is exactly the
        modulus wanted (integer arrays never warn on overflow). The shift is monotone, so it
        is applied to the 128 minima rather than to the whole matrix, and the matrix is
        updated in place: one (shingles × NUM_PERM) temporary instead of three.
        """
        hashed: npt.NDArray[np.uint64] = np.multiply(shingles[:, None], self._a)
        hashed += self._b
        minima: npt.NDArray[np.uint64] = hashed.min(axis=0)
        return (minima >> np.uint64(32)).astype("<u4")

    def _shingle_hashes(self, tokens: Sequence[str]) -> npt.NDArray[np.uint64]:
        """Distinct 64-bit hashes of every run of ``shingle`` consecutive tokens, sorted.

        A text shorter than one shingle is treated as one shingle of all its tokens, so that
        short items still get a (strict) signature instead of an empty one.
        """
        if not tokens:
            return np.empty(0, dtype=np.uint64)
        # crc32 of each token, in C. (A per-Signer cache of token hashes was measured slower
        # on the long stream: its table of every token ever seen costs a cache miss or two
        # a probe, more than encoding and hashing a short word again.)
        h = np.fromiter(
            map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens)
        )
        k = min(self.shingle, len(tokens))
        n = len(tokens) - k + 1
        # uint64 array arithmetic wraps silently (no errstate needed: only scalars warn).
        acc = h[:n].copy()
        for i in range(1, k):
            acc *= _MIX
            acc ^= h[i : i + n]
        acc ^= acc >> np.uint64(29)
        acc *= _MIX
        acc ^= acc >> np.uint64(32)
        # Sort and drop repeats: what np.unique does, without its fixed cost (~40 µs).
        acc.sort()
        if n > 1:
            fresh = np.empty(n, dtype=np.bool_)
            fresh[0] = True
            np.not_equal(acc[1:], acc[:-1], out=fresh[1:])
            acc = acc[fresh]
        return acc
