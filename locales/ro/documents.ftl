# Documentul retrospectivei.

doc-title = Retrospectivă: { $summary }
doc-blameless = O analiză care nu caută vinovați: examinăm procesele noastre, nu oamenii.
doc-client = Client
doc-category = Categorie
doc-severity = Gravitate
doc-status = Starea incidentului
doc-occurred = Data și ora incidentului
doc-reported-by = Raportat de
doc-language = Limba textului
doc-retrospective-status = Starea retrospectivei
doc-tags = Etichete
doc-description = Descriere
doc-timeline = Cronologie
doc-timeline-empty = Acestui incident nu i s-a atașat nicio dovadă.
doc-what-happened = Ce s-a întâmplat
doc-client-view = Punctul de vedere al clientului
doc-our-view = Punctul nostru de vedere
doc-whys = De ce s-a întâmplat?
doc-gaps = Lacune de proces confirmate
doc-primary = principală
doc-prevention = Cum o închidem
doc-lessons = Lecții învățate
doc-not-written = Secțiunea nu a fost completată încă.

# Graficul pe lacune.
chart-gaps-title = Incidente pentru fiecare lacună de proces
chart-incidents = Incidente
chart-repeats = Repetări
chart-empty = Nicio lacună confirmată încă.
