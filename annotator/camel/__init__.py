"""camel-tools, the Arabic NLP the tool uses for real work, behind one package (Qt-free).

* `env`: the offline guarantee. camel-tools' data modules read a catalogue at import time and
  download it when it is missing, and create ``~/.camel_tools``; `env.prepare` points them at
  an app-owned folder first. Every import of ``camel_tools.data`` (morphology, disambiguation,
  NER) goes through `env.import_camel`.
* `config`: where the optional data lives (Settings > Arabic tools, `annotator doctor`): the
  morphology database and the CAMeL NER model, set by the user or found where ``camel_data``
  installs them.

camel-tools' ``utils`` (character maps, dediacritization) need no data and no network.
torch is never imported here: the NER model runs in its own worker process.
"""
