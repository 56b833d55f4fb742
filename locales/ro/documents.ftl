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

# Exportul CAPA (ISO 9001 10.2): capetele de coloană și cuvintele din celule.
capa-column-incident_id = Incident
capa-column-external_ref = Referință CRM
capa-column-client = Client
capa-column-occurred_at = Data producerii (UTC)
capa-column-category = Natură
capa-column-severity = Gravitate
capa-column-summary = Rezumat
capa-column-correction = Corecție
capa-column-gaps = Cauze (lacune confirmate)
capa-column-escape_point = De ce nu a fost observat mai devreme
capa-column-action_needed = Acțiune necesară
capa-column-action_needed_rationale = Justificare
capa-column-actions = Acțiuni
capa-column-verdicts = Eficacitate
capa-column-published_at = Retrospectivă publicată (UTC)
capa-yes = Da
capa-no = Nu
capa-primary = principală
capa-due = termen
capa-window-running = neevaluată încă (fereastra se încheie la { $until })
