"""Stage 2, mentions: the spaCy component ``geomap_places`` (`component`) finds place names
in an article. Candidate spans come from several sources (`sources`), what is no place is
dropped (`filters`), and each kept span gets its kind (`classify`); `spans` holds the
token tests they share and `words` the word lists.

Import from the submodules (`geomap.recognize.component` registers the spaCy factory);
this file stays empty so that a word list can be read without loading the component.
"""
