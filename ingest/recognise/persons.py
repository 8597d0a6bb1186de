"""Person mentions: a surname and one or two characters next to a role title or
before a speech verb, transliterated and dotted names, names listed after a named person;
press staff are marked ``attrs["press"]``.
"""

from __future__ import annotations

from aidgraph.graph.model import DEPARTMENT, PERSON
from aidgraph.ingest.recognise.mention import Mention, is_cjk, overlaps_any
from aidgraph.ingest.recognise.patterns import (
    _ADVERBS_AFTER_NAME,
    _CJK_RUN,
    _DOTTED_NAME,
    _LISTED_AFTER,
    _NOT_IN_NAMES,
    _NUMERALS,
    _PUNCT,
    _TRANSLITERATION,
)


def _finditer(s: str, sub: str) -> list[int]:
    out, k = [], s.find(sub)
    while k >= 0:
        out.append(k)
        k = s.find(sub, k + len(sub))
    return out


class PersonRules:
    """People's names around role titles and speech verbs."""

    def _persons(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for m in self.press_re.finditer(s):
            n = self._name_after(s, m.end()) or self._ethnic_name_after(s, m.end())
            if n:
                out.append(
                    Mention(
                        PERSON,
                        s[m.end() : m.end() + n],
                        m.end(),
                        m.end() + n,
                        attrs={"press": True},
                    )
                )
        for m in self.role_re.finditer(s):
            role, i = m.group(), m.end()
            # 院长的陈某某是…: a relative clause puts 的 between the title and the name.
            if s.startswith("的", i):
                i += 1
            # ROLE + NAME (副主任赵某某, 队长某某同志, 院长扎西次仁)
            n = self._name_after(s, i) or self._ethnic_name_after(s, i)
            if n:
                out.append(Mention(PERSON, s[i : i + n], i, i + n, attrs={"role": role}))
            # NAME + ROLE (王某院长); not a specialty (麻醉医师, 骨科 without 科)
            n = self._name_before(s, m.start())
            if n and self._dep_canon(s[m.start() - n : m.start()] + "科"):
                n = 0
            if n:
                out.append(
                    Mention(
                        PERSON,
                        s[m.start() - n : m.start()],
                        m.start() - n,
                        m.start(),
                        attrs={"role": role},
                    )
                )
        for m in self.speech_re.finditer(s):
            # NAME + speech verb (某某介绍); 医院的刘洋则带领…: an adverb may come between.
            end = m.start()
            n = 0
            if s[end - 1 : end] in _ADVERBS_AFTER_NAME:
                n = self._name_before(s, end - 1)
                end -= 1 if n else 0
            n = n or self._name_before(s, end)
            if n:
                out.append(Mention(PERSON, s[end - n : end], end - n, end))
        out += self._department_listed(s, blockers)
        dotted = self._dotted_names(s)
        if dotted:
            out = dotted + [m for m in out if not any(m.overlaps(d) for d in dotted)]
        if not out:
            return out  # most sentences name no one: nothing to sort, settle or extend
        out.sort(key=lambda m: (m.start, -len(m.attrs)))
        kept: list[Mention] = []
        for m in out:
            if overlaps_any(m.start, m.end, blockers):
                continue
            if kept and kept[-1].overlaps(m):
                continue
            kept.append(m)
        # 医生次仁多吉、卓玛为徒: names listed after a named person share their title.
        k = 0
        while k < len(kept):
            m = kept[k]
            i = m.end + 1
            nxt = kept[k + 1] if k + 1 < len(kept) else None
            if s[m.end : i] in ("、", "和") and (nxt is None or nxt.start > i):
                n = self._name_after(s, i) or self._ethnic_name_after(s, i)
                if n and s[i + n : i + n + 1] in ("、", "和", "为", "等", "，", ",", "。", ""):
                    p = Mention(PERSON, s[i : i + n], i, i + n, attrs=dict(m.attrs))
                    if not any(p.overlaps(b) for b in blockers):
                        kept.insert(k + 1, p)
            k += 1
        return kept

    def recall_persons(
        self, texts: list[str], mentions: list[list[Mention]]
    ) -> list[list[Mention]]:
        """The article's sentences' mentions with the names it titles somewhere (专家王敏)
        found again where they recur untitled; press staff are left out."""
        names = {
            m.surface
            for ms in mentions
            for m in ms
            if m.type is PERSON and not m.attrs.get("press") and len(m.surface) >= 2
        }
        if not names:
            return mentions
        # Longest first (a longer name wins its place), sorted once for the whole article.
        ordered = sorted(names, key=len, reverse=True)
        out = []
        for t, ms in zip(texts, mentions, strict=True):
            extra = self.known_persons(t, ms, ordered)
            out.append(sorted(ms + extra, key=lambda m: (m.start, -m.end)) if extra else ms)
        return out

    def known_persons(self, s: str, ms: list[Mention], names: list[str]) -> list[Mention]:
        """A name the article has already given a title elsewhere is that person wherever it
        recurs: 专家王敏…。其中王敏收…为徒 has no title by the second 王敏. Only where the
        name stands free (not inside another mention) and its ends are name boundaries.
        ``names`` come longest first."""
        out: list[Mention] = []
        # The usual case, no name in the sentence, settled before anything is built.
        present = [name for name in names if name in s]
        if not present:
            return out
        # Spans as pairs: most occurrences fall inside a mention, and testing plain offsets
        # spares building a Mention (and a list of all mentions) for each.
        taken = [(o.start, o.end) for o in ms]
        for name in present:
            for k in _finditer(s, name):
                end = k + len(name)
                if any(a < end and k < b for a, b in taken):
                    continue
                if self._name_follows_ok(s, end) and self._free_before(s, k):
                    out.append(Mention(PERSON, name, k, end))
                    taken.append((k, end))
        return out

    def _free_before(self, s: str, b: int) -> bool:
        """What may come before a recalled name: anything a titled name may follow, or a
        verb or word ending (其中, 与, 收) that cannot be part of it."""
        return self._name_precedes_ok(s, b) or s[b - 1] in "中收将让请带教向后前时"

    def _department_listed(self, s: str, blockers: list[Mention]) -> list[Mention]:
        """麻醉科周敏、眼科吴强2名骨干: a team listed as department and name, each item
        closed by a list mark or a count; the department is the person's post."""
        out = []
        for d in blockers:
            if d.type is not DEPARTMENT:
                continue
            n = self._listed_name(s, d.end)
            if n:
                out.append(Mention(PERSON, s[d.end : d.end + n], d.end, d.end + n, attrs={}))
        return out

    def _listed_name(self, s: str, i: int) -> int:
        """Length of a name at ``i`` that a list mark or a count closes (0 if none)."""
        n = self._name_after(s, i) or self._ethnic_name_after(s, i)
        return n if n and _LISTED_AFTER.match(s, i + n) else 0

    def _dotted_names(self, s: str) -> list[Mention]:
        """古丽娜尔·买买提等16名护士长: a dotted name anywhere; 吐尔洪则走了: a last
        character that is a following word (则) is dropped when that leaves a boundary."""
        out: list[Mention] = []
        for m in _DOTTED_NAME.finditer(s):
            end = m.end()
            if not self._name_follows_ok(s, end) and self._name_follows_ok(s, end - 1):
                end -= 1 if s[end - 3] not in "·•" else 0
            out.append(Mention(PERSON, s[m.start() : end], m.start(), end))
        return out

    @staticmethod
    def _plausible_given(name: str, surname_len: int) -> bool:
        return _NOT_IN_NAMES.isdisjoint(name[surname_len:])

    def _ethnic_name_after(self, s: str, i: int) -> int:
        """A Tibetan or Uyghur name (扎西次仁, 买买提) right after a role title: a run of
        transliteration characters followed by a boundary."""
        n = 0
        while (
            i + n < len(s)
            and n < 10
            and (
                s[i + n] in _TRANSLITERATION
                or (s[i + n] in "·•" and n and s[i + n + 1 : i + n + 2] in _TRANSLITERATION)
            )
        ):
            n += 1
        while n >= 2:
            if self._name_follows_ok(s, i + n):
                return n
            n -= 1
        return 0

    def _surname_len(self, s: str, i: int) -> int:
        if s[i : i + 2] in self.lex.surnames:
            return 2
        return 1 if s[i : i + 1] in self.lex.surnames else 0

    def _name_after(self, s: str, i: int) -> int:
        """Length of a person's name starting at ``i`` (0 if none)."""
        sl = self._surname_len(s, i)
        if not sl:
            return 0
        for given in (2, 1):
            n = sl + given
            if i + n > len(s) or not _CJK_RUN.fullmatch(s, i, i + n):
                continue
            if not self._plausible_given(s[i : i + n], sl):
                continue
            if given == 2 and self.lists.speech.starting_at(s, i + n - 1):
                continue  # 专家周明说: the verb after a two-character name is no part of it
            if given == 2 and s[i + n - 1] in "到赴":
                continue  # 选派骨干李明到当地: 到 is where he goes, not his name
            if given == 2 and s.startswith(("担任", "结为", "结成"), i + n - 1):
                continue  # 医师李明担任副院长, 医生杨春结为师徒: 担/结 start the verb
            if self._name_follows_ok(s, i + n):
                return n
        return 0

    def _name_before(self, s: str, i: int) -> int:
        """Length of a person's name ending at ``i`` (0 if none)."""
        for n in (3, 2, 4):
            b = i - n
            if b < 0:
                continue
            # (The surname first: few places start one, and it spares the regex there.)
            sl = self._surname_len(s, b)
            if not sl or n - sl not in (1, 2) or not _CJK_RUN.fullmatch(s, b, i):
                continue
            if not self._plausible_given(s[b:i], sl):
                continue
            if self._name_precedes_ok(s, b):
                return n
        return 0

    def _name_follows_ok(self, s: str, j: int) -> bool:
        if j >= len(s) or s[j] in _PUNCT or not is_cjk(s[j]):
            return True
        lists = self.lists
        return bool(
            lists.roles.starting_at(s, j)
            or lists.speech.starting_at(s, j)
            or s[j] in "等为在是的和与及也还就将已对从同作共担带率获每曾驻牵当结赴现先则正到任"
            or s.startswith(("如此", "一行", "一同", "一起", "带领", "率领", "出席"), j)
            # 专家某某主刀, 医师某某手把手指导, 副主任某某援疆到任后: what the person does.
            or s.startswith(("主刀", "主持", "手把手", "援疆", "援藏", "援青", "援派", "挂职"), j)
        )

    def _name_precedes_ok(self, s: str, b: int) -> bool:
        if b > 0 and (s[b - 1].isdigit() or s[b - 1] in _NUMERALS):
            return False
        if b == 0 or s[b - 1] in _PUNCT or not is_cjk(s[b - 1]):
            return True
        return bool(
            self.lists.roles.ending_at(s, b)
            or s[b - 1] in "据由请和与及对向给让被的"
            or self.lists.press.ending_at(s, b)
        )
