"""Arabic function words: kept in the index (phrases need their positions), dropped from
queries, because a query term that matches most articles ranks nothing and costs a scan.

Each analyzer normalizes this list with its own folding and compares it with normalized
tokens before stemming, so spelling variants here are harmless.
"""

from __future__ import annotations

_WORDS = """
في من الي علي عن مع ان او ثم حتي اذا اذ لقد قد لم لن لا ما ماذا متي اين كيف هل بل لكن
هو هي هم هن انا نحن انت انتم هذا هذه ذلك تلك هؤلاء اولئك الذي التي الذين اللذين اللتين
اللواتي اللاتي كان كانت كانوا يكون تكون ليس ليست كل بعض غير بين عند عندما حين منذ خلال
ضد نحو لدى امام حول دون فوق تحت قبل بعد ايضا كما مثل وقد وفي ومن والى وعلى وعن ومع وان
وهو وهي ولا وما فان فقد فلا فما به بها له لها لهم منه منها عليه عليها فيه فيها اليه اليها
عنه عنها انه انها الا اي الى على حيث وقال قال اما وكان وكانت
"""
STOP_WORDS: frozenset[str] = frozenset(_WORDS.split())
