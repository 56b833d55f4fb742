# Răspunsuri de eroare: mesajul este titlul, atributele sunt detaliile.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

problem-malformed_body = Corpul cererii este invalid
    .detail = Corpul cererii nu este JSON valid (linia { $line }, coloana { $column }).
    .utf8 = Corpul cererii nu este text UTF-8 valid.
problem-unknown_field = Câmp necunoscut
    .detail = Câmpul „{ $field }” nu face parte din această cerere. Verificați denumirea în documentația API.
problem-validation_failed = Date invalide
    .detail = { PLURAL($count) ->
        [one] Un câmp este invalid; vedeți „errors”.
        [few] { $count } câmpuri sunt invalide; vedeți „errors”.
       *[other] { $count } de câmpuri sunt invalide; vedeți „errors”.
    }
problem-not_found = Resursa nu a fost găsită
    .client = Nu există niciun client cu id-ul „{ $id }”.
    .incident = Nu există niciun incident cu id-ul „{ $id }”.
    .timeline_entry = Acest incident nu are nicio înregistrare în cronologie cu id-ul „{ $id }”.
    .route = La această adresă nu se află nimic. Documentația API de la /docs enumeră toate rutele.
    .action = Nu există nicio acțiune corectivă cu id-ul „{ $id }”.
    .retrospective = Incidentul „{ $id }” nu are încă o retrospectivă; creați-o cu PUT.
    .gap = Nu există nicio lacună cu codul „{ $id }”; GET /v1/gaps le enumeră.
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
problem-external_ref_taken = Referința CRM este deja folosită
    .detail = Referința { $source }/{ $external_id } aparține deja altui client.
problem-invalid_cursor = Cursor invalid
    .detail = Cursorul nu a fost emis de acest serviciu. Folosiți „next_cursor” al unei pagini anterioare sau omiteți-l pentru a începe de la început.
problem-invalid_query = Parametri de interogare invalizi
    .detail = Șirul de interogare nu poate fi citit. Verificați codificarea.
problem-service_unavailable = Serviciu indisponibil
    .detail = Baza de date nu poate fi accesată în acest moment. Încercați din nou în scurt timp.
problem-internal_error = Eroare internă
    .detail = Ceva nu a funcționat de partea noastră. Eroarea a fost înregistrată; încercați din nou și contactați administratorul dacă problema persistă.
problem-invalid_transition = Schimbare de stare nepermisă
    .detail = O acțiune „{ $from }” nu poate deveni „{ $to }”. Poate deveni: { $allowed }.
    .none = nimic altceva, starea este finală
problem-verification_too_early = Prea devreme pentru verificare
    .detail = O acțiune se verifică doar după perioada de verificare fără repetări: aceasta poate fi verificată începând cu { $date }.
