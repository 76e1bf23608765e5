"""The stages of one document's extraction, in order (see :func:`loaders.entities.extract_entities`).

Each stage is a module with one entry function that takes the :class:`~loaders.stages.state.ExtractionState`
and adds to it; no stage calls another.

1. :mod:`~loaders.stages.mentions` — candidate mentions: lexicon names, one-character places, listed
   names, short names (简称), rule names, people.
2. :mod:`~loaders.stages.resolution` — overlaps resolved, mentions grouped into entities.
3. :mod:`~loaders.stages.properties` — project status, investment, area; indicator values.
4. :mod:`~loaders.stages.people` — delegates, officials and reporters with their bodies; proposals.
5. :mod:`~loaders.stages.relations` — relationships stated in the sentences, known from the lexicon,
   implied by names and by the document's park.
6. :mod:`~loaders.stages.sections` — MENTIONS from the innermost section.

People come before relations: a relation read inside a delegate's statement is marked proposed, and
the statements are found with the people.
"""
