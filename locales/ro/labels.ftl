# Etichetele codurilor din DOMAIN.md, afișate lângă fiecare cod în răspunsuri.

language-en = Engleză
language-ro = Română
language-pl = Poloneză
language-el = Greacă

category-late_payment = Întârziere la plată
category-abusive_conduct = Comportament abuziv
category-unresponsive = Client care nu răspunde
category-scope_dispute = Dispută privind sfera serviciilor
category-chronic_complaints = Reclamații continue
category-dissatisfaction = Nemulțumire
category-out_of_scope_request = Cerere în afara ofertei
category-advice_rejected = Recomandare respinsă
category-other = Altele

severity-low = Scăzută
severity-medium = Medie
severity-high = Ridicată
severity-critical = Critică

incident-status-open = Deschis
incident-status-in_review = În analiză
incident-status-closed = Închis

entry-kind-email = E-mail
entry-kind-call = Apel telefonic
entry-kind-meeting = Întâlnire
entry-kind-change = Modificare
entry-kind-payment = Plată
entry-kind-note = Notă

retrospective-status-draft = Ciornă
retrospective-status-published = Publicată

document-format-markdown = Markdown
document-format-html = HTML
export-format-json = JSON
export-format-csv = CSV

document-audience-internal = Pentru uz intern
document-audience-client = Pentru client

action-status-open = Deschisă
action-status-in_progress = În lucru
action-status-done = Finalizată
action-status-verified = Verificată
action-status-cancelled = Anulată
action-status-reopened = Redeschisă

role-reader = Cititor
role-writer = Editor
role-admin = Administrator

delivery-status-pending = În așteptare
delivery-status-delivered = Livrată
delivery-status-failed = Eșuată
disabled-reason-gone = Destinatarul nu mai există (410)
disabled-reason-failing = Livrări eșuate prea mult timp
disabled-reason-paused = Oprit de un administrator

action-kind-correction = Corecție
action-kind-corrective = Acțiune corectivă
action-kind-preventive = Acțiune preventivă
effectiveness-no_repeat_for_client = Nicio repetare la acest client
effectiveness-no_repeat_any_client = Nicio repetare la niciun client
effectiveness-manual = Verificare manuală
verdict-effective = Eficace
verdict-ineffective = Ineficace

follow-up-kind-retrospective = Retrospectivă
follow-up-kind-action = Acțiune corectivă
follow-up-overdue-since = Întârziată din { $date }
follow-up-due-today = Termenul este azi
follow-up-due-on = Termen: { $date }
