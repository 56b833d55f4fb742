"""The 20,000 most frequent words of each language, from the `wordfreq` package (PyPI), one a
line: the finder's stems are checked against them so that a stem meant for one word does not
catch a common unrelated one. Run: pip install wordfreq==3.1.1 && python3 make.py"""
from wordfreq import top_n_list

for lang in ("en", "ro", "pl", "el"):
    with open(f"{lang}.txt", "w", encoding="utf-8") as out:
        for word in top_n_list(lang, 20000):
            out.write(word + "\n")
