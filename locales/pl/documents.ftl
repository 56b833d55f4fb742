# Dokument retrospektywy.

doc-title = Retrospektywa: { $summary }
doc-blameless = Przegląd bez szukania winnych: patrzymy na nasze procesy, nie na ludzi.
doc-client = Klient
doc-category = Kategoria
doc-severity = Waga
doc-status = Stan incydentu
doc-occurred = Data zdarzenia
doc-reported-by = Zgłosił(a)
doc-language = Język tekstu
doc-retrospective-status = Retrospektywa
doc-tags = Tagi
doc-description = Opis
doc-timeline = Oś czasu
doc-timeline-empty = Do incydentu nie dołączono żadnych dowodów.
doc-what-happened = Co się stało
doc-client-view = Punkt widzenia klienta
doc-our-view = Nasz punkt widzenia
doc-whys = Dlaczego do tego doszło?
doc-gaps = Potwierdzone luki w procesach
doc-primary = główna
doc-prevention = Jak ją zamknąć
doc-lessons = Wnioski
doc-not-written = Jeszcze nie napisano.

# The per-gap chart.
chart-gaps-title = Incydenty według luk w procesach
chart-incidents = Incydenty
chart-repeats = Powtórki
chart-empty = Brak potwierdzonych luk.
