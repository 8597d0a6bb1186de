"""Relations between the entities of one article, sentence by sentence, with the article as
context.

Aid news states who helps whom in a handful of shapes, and these rules read them:

- SUPPORTS (donor → recipient): a support verb (支援, 帮扶, 助推, 扶持, 援建 …) or a
  dispatch (选派…赴, 分赴, 深入, 派驻) with the recipients after it (an enumeration gives one
  relation per member; a place written as the prefix of the next name is that name's
  location, not a recipient), or 对 X…扶持 with the recipients between. The donor is the
  nearest actor that opens a clause before the verb, joined by 会同/联合/携手 partners; a
  sentence without one (全面开展对口帮扶X, 援藏医疗队… X) takes the article's donor:
  the place of the actor most often found as an explicit donor;
- PAIRS_WITH: 结对 (结对帮扶 gives both), 携手, A和B…共建;
- TRAINED: A为B培训/培养, a training word in a sentence that already has a support
  relation, 收/接收 P 为徒 between people;
- ALLIANCE_MEMBER: a hospital named inside an alliance's name, or the subject of
  加入/牵头/组建 with the alliance as object;
- LOCATED_IN: the places in or before an institution's name (the most specific one that is
  an entity of the article, else its nearest enclosing place that is), and, for two places
  of the article, the nearer of them that encloses the other (gazetteer);
- DEPARTMENT_OF / TECHNIQUE_AT: the nearest hospital before the department or technique in
  its sentence (else the first after, else the hospital 该院 refers to), for a technique
  else the nearest place;
- AFFILIATED_WITH: the organisation or hospital right before a person's role title
  (天津市卫生健康委员会干部处处长X), the hospital 该院 refers to, or, for a hospital
  role with no name nearby, the hospital the article is about.

Generic references resolve through the article too: 受援医院/两家受援医院 stand for the
hospitals already found as recipients.

Edge figures come from :func:`aidgraph.ingest.numerals.find_figures` on the evidence
sentence, keyed by what is counted: ``experts``, ``staff`` (medical staff, talents,
backbones), ``teams`` (批 of medical teams), ``surgeries``, ``trainings`` (training
sessions), ``person_times`` (人次), ``new_techniques``, ``hospitals``, ``counties``,
``apprentices``, ``graduate_students``, ``money_yuan`` (amounts converted to yuan); a count
of something else is ``count_<unit>``. Years (``start``/``end``) come from
:func:`~aidgraph.ingest.numerals.find_years`; the programme is the first Program named in
the sentence.

The rules live in one module per group, each a mixin of :class:`Relater`
(:mod:`~aidgraph.ingest.relate.relater`): ``subjects`` (support verbs and their donors),
``recipients`` (who is given to, and what references stand for), ``support`` (SUPPORTS
without a verb-then-recipients shape), ``pairing``, ``training`` (with affiliations),
``sites`` (departments, techniques, LOCATED_IN), ``membership`` (alliances), ``places``
(gazetteer questions) and ``figures`` (edge attributes); ``patterns`` holds their regular
expressions and ``context`` the :class:`Relation` and article-context data classes.
"""

from aidgraph.ingest.relate.context import Relation
from aidgraph.ingest.relate.figures import sentence_figures
from aidgraph.ingest.relate.patterns import ACTORS, DONORS
from aidgraph.ingest.relate.relater import Relater

__all__ = ["ACTORS", "DONORS", "Relater", "Relation", "sentence_figures"]
