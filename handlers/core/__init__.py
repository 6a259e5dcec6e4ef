"""The platform-neutral core: from what a member typed to a reply, or to silence. Edges reach it only through
``handlers.service.Service`` and the reply types of ``handlers.core.reply``.

- ``text``: cleaning and the one analyser (folding, synonyms, stopwords, stemming);
- ``query``: a question analysed once (``Query``), and the kind of answer it asks for;
- ``fields``: what each kind of entry is asked as, says and names;
- ``index``: the index built once from a base (``Index``, arrays), which analyses questions against itself;
- ``saved``: the index saved in the data folder, keyed by the base, the code and the settings, loaded on start;
- ``scoring``: a query and an index in, ranked ``Hit``s out;
- ``decision``: answer, offer, or stay silent;
- ``cards``: an entry as a ``Reply``;
- ``lookups``: speakers, comparison sides, slash-command choices;
- ``commands``: the command registry and each command's handler;
- ``engine``: the two ways in, ``respond`` and ``execute``;
- ``reply``: the reply types every edge renders.
"""
