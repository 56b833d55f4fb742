# Răspunsuri de eroare: mesajul este titlul, atributele sunt detaliile.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

problem-malformed_body = Corpul cererii este invalid
    .detail = Corpul cererii nu este JSON valid (linia { $line }, coloana { $column }).
    .utf8 = Corpul cererii nu este text UTF-8 valid.
problem-unknown_field = Câmp necunoscut
    .detail = Câmpul „{ $field }” nu face parte din această cerere. Verificați-i denumirea în documentația API.
problem-validation_failed = Date invalide
    .detail = { PLURAL($count) ->
        [one] Un câmp este invalid; vedeți „errors”.
        [few] { $count } câmpuri sunt invalide; vedeți „errors”.
       *[other] { $count } de câmpuri sunt invalide; vedeți „errors”.
    }
    .truncated = { PLURAL($count) ->
        [one] Un câmp este invalid; vedeți „errors”.
        [few] { $count } câmpuri sunt invalide; „errors” le arată doar pe primele { $max }.
       *[other] { $count } de câmpuri sunt invalide; „errors” le arată doar pe primele { $max }.
    }
problem-not_found = Resursa nu a fost găsită
    .client = Nu există niciun client cu id-ul „{ $id }”.
    .incident = Nu există niciun incident cu id-ul „{ $id }”.
    .timeline_entry = Acest incident nu are nicio înregistrare în cronologie cu id-ul „{ $id }”.
    .route = La această adresă nu se află nimic. Documentația API de la /docs enumeră toate rutele.
    .action = Nu există nicio acțiune corectivă cu id-ul „{ $id }”.
    .retrospective = Incidentul „{ $id }” nu are încă o retrospectivă; creați-o cu PUT.
    .gap = Nu există nicio lacună cu codul „{ $id }”; GET /v1/gaps le enumeră.
    .api_key = Nu există nicio cheie API cu id-ul „{ $id }”.
    .webhook = Nu există niciun webhook cu id-ul „{ $id }”.
    .delivery = Acest webhook nu are nicio livrare cu id-ul „{ $id }”.
    .share = Acest incident nu are niciun link de partajare cu id-ul „{ $id }”.
problem-method_not_allowed = Metodă nepermisă
    .detail = Această adresă nu acceptă metoda folosită. Metode permise: { $allowed }.
problem-payload_too_large = Corpul cererii este prea mare
    .detail = Corpul cererii poate avea cel mult { $limit_kib } KiB.
problem-unsupported_media_type = Tip de conținut neacceptat
    .detail = Trimiteți corpul cererii ca JSON, cu antetul „Content-Type: application/json”.
problem-client_has_incidents = Clientul are incidente
    .detail = { PLURAL($count) ->
        [one] Clientul nu poate fi șters: are un incident înregistrat.
        [few] Clientul nu poate fi șters: are { $count } incidente înregistrate.
       *[other] Clientul nu poate fi șters: are { $count } de incidente înregistrate.
    }
problem-client_has_actions = Clientul are acțiuni corective
    .detail = { PLURAL($count) ->
        [one] Clientul nu poate fi șters: are o acțiune corectivă înregistrată.
        [few] Clientul nu poate fi șters: are { $count } acțiuni corective înregistrate.
       *[other] Clientul nu poate fi șters: are { $count } de acțiuni corective înregistrate.
    }
problem-timeline_full = Cronologia este plină
    .detail = { PLURAL($max) ->
        [one] Cronologia unui incident poate avea cel mult o înregistrare; ștergeți-o înainte de a adăuga alta.
        [few] Cronologia unui incident poate avea cel mult { $max } înregistrări; ștergeți una înainte de a adăuga alta.
       *[other] Cronologia unui incident poate avea cel mult { $max } de înregistrări; ștergeți una înainte de a adăuga alta.
    }
problem-external_ref_taken = Identificatorul din CRM este deja folosit
    .client = Identificatorul din CRM { $source }/{ $external_id } aparține deja altui client.
    .incident = Identificatorul din CRM { $source }/{ $external_id } aparține deja altui incident.
problem-invalid_cursor = Cursor invalid
    .detail = Cursorul nu a fost emis de acest serviciu. Folosiți valoarea „next_cursor” dintr-o pagină anterioară sau omiteți cursorul pentru a porni de la prima pagină.
problem-cursor_expired = Cursor prea vechi
    .detail = { PLURAL($days) ->
        [one] Evenimentele se păstrează o zi, iar unele de după acest cursor au fost șterse. Copiați din nou listele (cu updated_since), apoi urmăriți fluxul de la after=latest.
        [few] Evenimentele se păstrează { $days } zile, iar unele de după acest cursor au fost șterse. Copiați din nou listele (cu updated_since), apoi urmăriți fluxul de la after=latest.
       *[other] Evenimentele se păstrează { $days } de zile, iar unele de după acest cursor au fost șterse. Copiați din nou listele (cu updated_since), apoi urmăriți fluxul de la after=latest.
    }
problem-invalid_query = Șir de interogare invalid
    .detail = Șirul de interogare nu poate fi citit. Verificați codificarea.
problem-service_unavailable = Serviciu indisponibil
    .detail = Baza de date nu poate fi accesată în acest moment. Încercați din nou în scurt timp.
problem-worker_stopped = Procesul de trimitere a webhook-urilor nu rulează
    .detail = Serverul repornește procesul care trimite webhook-urile; livrările se reiau în curând. Încercați din nou peste câteva clipe.
problem-internal_error = Eroare internă
    .detail = A apărut o problemă pe serverul nostru. Eroarea a fost înregistrată; încercați din nou și, dacă problema persistă, contactați administratorul.
problem-invalid_transition = Schimbare de stare nepermisă
    .detail = O acțiune „{ $from }” nu poate deveni „{ $to }”. Poate deveni: { $allowed }.
    .none = nimic altceva, starea este finală
problem-verification_too_early = Prea devreme pentru verificare
    .detail = O acțiune poate fi verificată doar după ce perioada ei de verificare s-a încheiat fără nicio repetare: aceasta poate fi verificată începând cu { $date }.
problem-unauthenticated = Autentificare necesară
    .missing = Trimiteți o cheie API în antetul „Authorization: Bearer <cheie>”.
    .invalid = Această cheie API este necunoscută sau a fost revocată.
problem-forbidden = Operațiune nepermisă
    .detail = Această cheie API are rolul „{ $role }”; operațiunea necesită rolul „{ $required }”.
problem-rate_limited = Prea multe cereri
    .detail = { PLURAL($seconds) ->
        [one] Această cheie API a trimis prea multe cereri. Încercați din nou peste o secundă.
        [few] Această cheie API a trimis prea multe cereri. Încercați din nou peste { $seconds } secunde.
       *[other] Această cheie API a trimis prea multe cereri. Încercați din nou peste { $seconds } de secunde.
    }
problem-too_many_failed_authentications = Prea multe autentificări eșuate
    .detail = { PLURAL($seconds) ->
        [one] De la această adresă au sosit prea multe cereri cu o cheie API necunoscută sau revocată. Încercați din nou peste o secundă.
        [few] De la această adresă au sosit prea multe cereri cu o cheie API necunoscută sau revocată. Încercați din nou peste { $seconds } secunde.
       *[other] De la această adresă au sosit prea multe cereri cu o cheie API necunoscută sau revocată. Încercați din nou peste { $seconds } de secunde.
    }
problem-precondition_failed = Resursa s-a modificat
    .detail = ETag-ul din „If-Match” nu mai este actual: cineva a modificat resursa după ce ați citit-o. Citiți-o din nou și repetați modificarea.
problem-invalid_header = Antet invalid
    .detail = { PLURAL($max) ->
        [one] Antetul „{ $name }” trebuie să aibă exact un caracter ASCII vizibil.
        [few] Antetul „{ $name }” trebuie să aibă între 1 și { $max } caractere ASCII vizibile.
       *[other] Antetul „{ $name }” trebuie să aibă între 1 și { $max } de caractere ASCII vizibile.
    }
    .if_match = Antetul „If-Match” nu poate fi gol: trimiteți * sau un ETag exact așa cum l-a trimis serverul, inclusiv ghilimelele.
problem-idempotency_key_in_use = Cererea este încă în curs
    .detail = Prima cerere cu această Idempotency-Key este încă în curs de procesare. Încercați din nou peste puțin timp pentru a primi răspunsul ei.
problem-idempotency_key_reused = Idempotency-Key este deja folosită
    .detail = Această Idempotency-Key a fost folosită în ultimele 24 de ore pentru o altă cerere. Folosiți o cheie nouă pentru o cerere nouă.
problem-idempotency_secret_not_replayed = Răspunsul nu se repetă: conținea un secret
    .detail = Cererea cu această Idempotency-Key a reușit, iar răspunsul ei conținea un secret care se afișează o singură dată și nu este stocat. Dacă nu l-ați primit, creați o resursă nouă (și revocați-o pe prima) sau generați un secret nou.
problem-cannot_revoke_own_key = O cheie nu se poate revoca singură
    .detail = Cererea este făcută chiar cu cheia pe care ar revoca-o, ceea ce v-ar bloca accesul. Revocați-o folosind o altă cheie de administrator.
problem-letter_not_ready = Scrisoarea către client nu este gata
    .draft = Retrospectiva este încă o ciornă. Publicați-o înainte de a scrie clientului.
    .summary = Retrospectiva nu are un rezumat pentru client. Completați „client_summary” înainte de a scrie clientului.
problem-public_url_missing = Linkurile de partajare nu sunt configurate
    .detail = Acest server a fost pornit fără --public-url, deci nu poate scrie o adresă pe care clientul să o poată deschide. Porniți-l cu --public-url, de exemplu https://retro.example.com.
