"""Department mentions: the departments list (a word that runs on into a longer
name left out), names ending in 科/中心 that the list recognises, and the items of an
enumeration beside a listed department that end like one.
"""

from __future__ import annotations

from aidgraph.graph.model import DEPARTMENT, HOSPITAL
from aidgraph.ingest.recognise.enumerations import _enumeration_bounds, _enumeration_within
from aidgraph.ingest.recognise.mention import Mention, is_cjk, overlaps_any
from aidgraph.ingest.recognise.patterns import _COUNTED, _DEPT_ENDS, _DEPT_FOLLOWERS, _STAFF_WORDS


class DepartmentRules:
    """Departments from the list and from enumerations."""

    def _departments(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not self.dept_hint.search(s):
            return out
        for start, end, _ in self.dept_auto.longest(s):
            if overlaps_any(start, end, blockers):
                continue
            # A医院骨科医生某某: right after a hospital's name, a department before a
            # doctor's title is that hospital's.
            staff = s.startswith(_STAFF_WORDS, end) and any(
                b.end == start and b.type is HOSPITAL for b in blockers
            )
            if not staff and self._dept_runs_on(s, start, end):
                continue
            out.append(Mention(DEPARTMENT, s[start:end], start, end))
        for m in _DEPT_ENDS.finditer(s):
            ks, ke = m.span()
            if overlaps_any(ks, ke, blockers):
                continue  # 科 or 中心 inside a name: any department ending there overlaps it
            start = self._left_bound(s, ks, max(0, ks - 10))
            if start >= ks - 1:
                continue  # no room for a name, and what follows only moves its start right
            # 建起县域首个胸痛中心, 检验科三个学科: a count ends what stands before the name.
            counts = [c.end() for c in _COUNTED.finditer(s, start, ks)]
            if counts:
                start = counts[-1]
            # 华西医院肝脏外科: a short department starts right after the hospital's name.
            for b in blockers:  # (a loop: no list and generator per 科/中心)
                if start < b.end <= ks <= b.end + 4:
                    start = b.end  # the rightmost such end wins, as a max() over them
            # The longest name ending here that looks like a department.
            while start < ks - 1 and not self._dep_like(s[start:ke]):
                start += 1
            if start >= ks - 1:
                continue
            probe = Mention(DEPARTMENT, s[start:ke], start, ke)
            if overlaps_any(start, ke, blockers) or self._dept_runs_on(s, start, ke):
                continue
            out = [o for o in out if not o.inside(probe)]
            if not any(probe.inside(o) or probe.overlaps(o) for o in out):
                out.append(probe)
        out = self._bare_department_filter(s, out)
        out += self._enumerated_departments(s, out, blockers)
        for m in out:
            m.key = self._dep_canon(m.surface) or m.key or m.surface
        return sorted(out, key=lambda m: m.start)

    def _dept_runs_on(self, s: str, start: int, end: int) -> bool:
        """外科 in 外科微创手术, 骨科 in 骨科医院: the word continues into a longer name."""
        nxt = s[end : end + 1]
        title = self.lists.roles.starting_at(s, end)
        if title and title not in _STAFF_WORDS:
            return False  # 肝脏外科教授, 骨科主任: a title follows the department
        if nxt and nxt in "医院学室研技普长员目级教":
            return True
        if s[start:end].endswith("科") and self._listed_name(s, end):
            return False  # 骨科周敏、眼科吴强: a listed person's post
        if nxt and (nxt.isdigit() or nxt in "两三四五六七八九十"):
            return False  # 消化内科两个重点专科: a count starts the next phrase
        if not nxt or not is_cjk(nxt) or self.lists.stops.starting_at(s, end):
            return False
        if s[start:end].endswith(("科", "中心")):
            # 肿瘤科主任, 骨科建设 are fine; 外科微创手术 runs on into another word.
            return not (self.lists.roles.starting_at(s, end) or s.startswith(_DEPT_FOLLOWERS, end))
        return True

    def _bare_department_filter(self, s: str, found: list[Mention]) -> list[Mention]:
        """A department word without 科 (急诊, 眼底) counts only beside other departments."""
        return [m for m in found if m.surface.endswith(("科", "中心")) or len(found) >= 2]

    def _enumerated_departments(
        self, s: str, found: list[Mention], blockers: list[Mention]
    ) -> list[Mention]:
        """感染性疾病科、卒中中心、高原病诊疗基地等 / 骨科、急诊、脑病科: items beside a
        listed department that end like one, or are one without its 科."""
        if not found:
            return []
        out: list[Mention] = []
        # Departments of one list share its bounds: read each list once, not once per item.
        bounds = {_enumeration_bounds(s, m.start, m.end, parens=False) for m in found}
        spans = {span for lo, hi in bounds for span in _enumeration_within(s, lo, hi, [])}
        for start, end in sorted(spans):
            if any(o.start == start for o in out):
                continue
            text = s[start:end]
            if (
                len(text) > 10
                or overlaps_any(start, end, found)
                or overlaps_any(start, end, blockers)
            ):
                continue
            probe = Mention(DEPARTMENT, text, start, end)
            if text.endswith(("中心", "基地", "科", "病区", "门诊")) and len(text) >= 3:
                out.append(probe)
            elif self._dep_canon(text + "科"):
                probe.key = self._dep_canon(text + "科")
                out.append(probe)
        return out
