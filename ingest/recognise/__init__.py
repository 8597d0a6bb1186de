"""Find entity mentions in one sentence: places, institutions, people, departments, techniques,
programmes and alliances.

No statistical model is involved (they need downloads and do not know 以院包科 from a
hospital). Each type has its own evidence:

- Region: the gazetteer's names and short forms (Aho-Corasick, longest match), risky short
  forms (朝阳, 和平) only when nothing better is there;
- Hospital, Organization, Alliance: name *morphology*. An ending (人民医院, 中医院, 卫健委,
  工作组, 大学, 专科联盟, 医联体 …) is found first, then the name is grown leftwards over
  place names, earlier names and a few free characters until a boundary word (的, 和, 帮扶,
  成立 …). Names whose free part is only generic words (受援医院, 三甲医院, 市级专科联盟) are
  references, not names; a bare 市卫生健康委 is kept with ``attrs["inherit"]`` so the
  resolver can give it the article's own city;
- Person: a surname plus one or two characters next to a role title (副主任赵某某, 王某院长)
  or before a speech verb (某某介绍); names of press staff (记者, 编辑 …) are marked
  ``attrs["press"]`` so they are never kept;
- Department: the departments list, plus items of an enumeration with a listed department
  that end like one (…中心, …基地);
- Technique: quoted or enumerated phrases ending like a procedure (…术, …治疗, …镜) after
  开展/完成/首例 or before 等N项技术;
- Program: the programme lexicon, 《…》 titles of plans and agreements, quoted phrases with
  programme words (“京蒙省际”, “五个一”), “X”模式 and 探索X模式;
- the national bodies lexicon (国家卫生计生委, 中组部 …).

Offsets of a :class:`Mention` are into the sentence string. Work per sentence is linear
in its length (the sentence splitter bounds that length), so odd input cannot blow up.

The rules live in one module per entity group, each a mixin of :class:`Recogniser`
(:mod:`~aidgraph.ingest.recognise.recogniser`): ``regions``, ``institutions``,
``departments``, ``persons``, ``techniques`` and ``programs``; ``mention`` holds the
:class:`Mention` data class, ``words`` the word lists, ``patterns`` the regular expressions
and ``enumerations`` the quoted-phrase and enumeration spans.
"""

from aidgraph.ingest.recognise.enumerations import enumeration_items, quoted_spans
from aidgraph.ingest.recognise.mention import Mention, is_cjk, is_name_char
from aidgraph.ingest.recognise.patterns import INSTITUTIONS, QUOTES_CLOSE, QUOTES_OPEN
from aidgraph.ingest.recognise.recogniser import Recogniser

__all__ = [
    "INSTITUTIONS",
    "QUOTES_CLOSE",
    "QUOTES_OPEN",
    "Mention",
    "Recogniser",
    "enumeration_items",
    "is_cjk",
    "is_name_char",
    "quoted_spans",
]
