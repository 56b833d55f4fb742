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
capa-column-external_ref = Identificator din CRM
capa-column-client = Client
capa-column-occurred_at = Data și ora incidentului (UTC)
capa-column-category = Natura incidentului
capa-column-severity = Gravitate
capa-column-summary = Rezumat
capa-column-correction = Corecție
capa-column-gaps = Cauze (lacune confirmate)
capa-column-escape_point = De ce nu a fost observat mai devreme
capa-column-action_needed = Acțiune necesară
capa-column-action_needed_rationale = Justificare
capa-column-actions = Acțiuni
capa-column-verdicts = Eficacitate
capa-column-published_at = Data publicării retrospectivei (UTC)
capa-yes = Da
capa-no = Nu
capa-primary = principală
capa-due = termen
capa-window-running = neevaluată încă (perioada de verificare se încheie la { $until })
# Scrisoarea către client: ce i se comunică clientului despre un incident, în limba sa.
letter-title = Măsurile noastre după incidentul din { $date }
letter-greeting = Stimată echipă { $name },
letter-intro = Vă mulțumim pentru răbdare. În această scrisoare vă prezentăm ce s-a întâmplat, ce schimbăm pentru ca situația să nu se repete și când vă vom scrie din nou.
letter-incident-date = Data incidentului
letter-what-happened = Ce s-a întâmplat
letter-changes = Ce schimbăm
letter-changes-intro = { PLURAL($count) ->
    [one] Ne-am angajat să facem o schimbare:
    [few] Ne-am angajat să facem { $count } schimbări:
   *[other] Ne-am angajat să facem { $count } de schimbări:
}
letter-changes-none = Vă vom comunica ce schimbăm imediat ce vom decide.
letter-change = { $title }, până la { $date }
letter-next-answer = Următorul nostru răspuns
letter-next-answer-on = Vă vom scrie din nou până la { $date }.
letter-contact = Persoana de contact
letter-contact-person = Pentru orice întrebare despre această scrisoare, persoana de contact din partea noastră este { $name }.
letter-closing = Vă mulțumim pentru încredere.
# Lunile, așa cum le scrie o dată într-o scrisoare: „1 decembrie 2026”.
letter-month-1 = ianuarie
letter-month-2 = februarie
letter-month-3 = martie
letter-month-4 = aprilie
letter-month-5 = mai
letter-month-6 = iunie
letter-month-7 = iulie
letter-month-8 = august
letter-month-9 = septembrie
letter-month-10 = octombrie
letter-month-11 = noiembrie
letter-month-12 = decembrie

# Ce arată un link de partajare în locul scrisorii.
shared-gone-title = Acest link nu mai este valabil
shared-gone = Linkul către această scrisoare a expirat sau a fost retras. Cereți un link nou persoanei de contact din partea noastră.
shared-unknown-title = Scrisoarea nu a fost găsită
shared-unknown = La această adresă nu se află nicio scrisoare. Verificați dacă ați copiat linkul întreg.
shared-revised-title = Această scrisoare este în curs de revizuire
shared-revised = Actualizăm această scrisoare. Deschideți linkul din nou mai târziu.
