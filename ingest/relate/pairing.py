"""PAIRS_WITH: A携手B, A与B签订…/结对/共建, A、B分别与C、D结对, and 双方/两院 standing
for the two parties last named together (帮扶 in the joint phrase also gives SUPPORTS).
"""

from __future__ import annotations

from itertools import pairwise

from aidgraph.graph.model import (
    HOSPITAL,
    ORGANIZATION,
    PAIRS_WITH,
    REGION,
    SUPPORTS,
)
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.recognise.patterns import _ITEM_JOINT
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.patterns import (
    _AID_WORD,
    _BOTH_JOIN,
    _JOINT_AFTER,
    _JOINT_VERB,
    _LEADING_PAREN,
    _PAIRING,
    _RESPECTIVELY,
    _SENDS_AFTER,
    _WITH_PARTNER,
)
from aidgraph.ingest.relate.positions import _between, _enumerated_before
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_end, _sentence_end


class PairingRules:
    """Pairings between two parties."""

    def _both_sides(
        self,
        i: int,
        s: str,
        ctx: _Ctx,
        found: list[Relation],
        actors: list[Mention] | None = None,
        res: Resolution | None = None,
    ) -> list[Relation]:
        """双方签约共建…: 双方/两院 are the donor and recipient last named together (in this
        sentence if it names them, which then already says how they are tied); B医院地处…，
        双方将共建…: a hospital the sentence opens with is the donor's new partner."""
        # (the cheap tests first: most sentences have no pair to refer to or no 双方)
        if ctx.last_pair is None or not _BOTH_JOIN.search(s):
            return []
        if any(r.type in _PAIRING for r in found):
            return []
        first = actors[0] if actors and res is not None else None
        if (
            first is not None
            and first.type is HOSPITAL
            and first.start <= 3
            and res.of[id(first)] not in ctx.last_pair
        ):
            return [Relation(PAIRS_WITH, ctx.last_pair[0], res.of[id(first)], i)]
        return [Relation(PAIRS_WITH, *ctx.last_pair, i)]

    def _pairs(self, i: int, s: str, actors: list[Mention], res: Resolution) -> list[Relation]:
        """A携手B; A与B签订…协议 / 结成帮扶对子 / 共建… (帮扶 in the phrase: A supports B)."""
        out = []
        if len(actors) < 2:
            return out
        # 与赤峰市松山区医院: a place written before the next name is not a party; the
        # name starts where its prefix does.
        lead: dict[int, int] = {}
        kept = []
        for a, b in pairwise(actors):
            # (a prefix is listed in b.prefix or written right before b: other neighbours
            # are not asked)
            if (b.prefix or b.start == a.end) and self._prefix_of(a, b, res):
                lead[id(b)] = lead.get(id(a), a.start)
            else:
                kept.append(a)
        kept.append(actors[-1])
        for a, b in pairwise(kept):
            # A（A的简称）与B: the bracketed other name is not between the parties.
            between = s[a.end : lead.get(id(b), b.start)]
            if between.startswith(("（", "(")):
                between = _LEADING_PAREN.sub("", between)
            if between in ("携手", "结对", "牵手"):
                verb = _JOINT_VERB.match(s[b.end : b.end + 14])
            elif _WITH_PARTNER.fullmatch(between):
                # (the verb after b is read only for the pairs 与 joins, most are not)
                verb = _JOINT_VERB.match(s[b.end : b.end + 14])
                if not verb or (a.type is REGION and b.type is not REGION):
                    continue
            else:
                continue
            ea, eb = res.of[id(a)], res.of[id(b)]
            if ea == eb:
                continue
            out.append(Relation(PAIRS_WITH, ea, eb, i))
            phrase = s[b.end : _clause_end(s, b.end)] if verb else ""
            # A与B结对，先后派出…帮扶: the clauses after a bare pairing say who gives.
            sent = _SENDS_AFTER.search(s, b.end, _sentence_end(s, b.end)) if verb else None
            if sent and "结对" in verb.group() and not _between(actors, b.end, sent.start()):
                phrase += sent.group()
            # 华西医院与甘孜州人民医院结为对口帮扶医院: said outright, so two hospitals
            # of one province are two sides too.
            both = res.entities[ea].type is res.entities[eb].type is HOSPITAL
            if _AID_WORD.search(phrase) and (both or not self._same_side(ea, eb, res)):
                out.append(Relation(SUPPORTS, ea, eb, i))
        for a, b in _respective_pairs(s, actors):
            out.append(Relation(PAIRS_WITH, res.of[id(a)], res.of[id(b)], i))
        return out


def _respective_pairs(s: str, actors: list[Mention]) -> list[tuple[Mention, Mention]]:
    """A、B分别与C、D结对 gives A–C and B–D; A分别与C、D签约 gives A–C and A–D (hospitals
    and bodies only: a place before a name is its prefix)."""
    out: list[tuple[Mention, Mention]] = []
    if "分别" not in s:
        return out  # most sentences: no 分别, so no bodies to list
    bodies = [a for a in actors if a.type in (HOSPITAL, ORGANIZATION)]
    for m in _RESPECTIVELY.finditer(s):
        left = _enumerated_before(s, bodies, m.start())
        right: list[Mention] = []
        pos = m.end()
        for o in bodies:
            if o.start == pos:
                right.append(o)
                sep = _ITEM_JOINT.match(s[o.end :])
                pos = o.end + sep.end() if sep else -1
        if not left or not right or not _JOINT_AFTER.match(s, right[-1].end):
            continue
        if len(left) == len(right):
            out += list(zip(left, right, strict=True))
        elif len(left) == 1:
            out += [(left[0], b) for b in right]
    return out
