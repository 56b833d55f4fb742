# De ce un câmp al cererii este invalid.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

field-required = Acest câmp este obligatoriu.
field-not_nullable = Acest câmp nu poate fi null; omiteți-l pentru a-i păstra valoarea.
field-blank = Acest câmp nu poate fi gol.
field-too_long = { PLURAL($max) ->
    [one] Este permis cel mult un caracter.
    [few] Sunt permise cel mult { $max } caractere.
   *[other] Sunt permise cel mult { $max } de caractere.
}
field-too_many = { PLURAL($max) ->
    [one] Este permis cel mult un element.
    [few] Sunt permise cel mult { $max } elemente.
   *[other] Sunt permise cel mult { $max } de elemente.
}
field-control_characters = Caracterele de control (de exemplu NUL) nu sunt permise aici.
field-unknown_code = „{ $value }” nu este o valoare permisă. Valori permise: { $allowed }.
field-invalid_datetime = Se așteaptă o dată și o oră în format RFC 3339, cu decalaj față de UTC, de exemplu 2026-11-20T10:30:00+02:00.
field-invalid_email = Aceasta nu este o adresă de e-mail validă.
field-invalid_id = Acesta nu este un id valid (se așteaptă un UUID).
field-unknown_id = Nu există nimic cu acest id.
field-wrong_type = Valoarea nu are tipul așteptat; consultați documentația API.
field-out_of_range = Se așteaptă un număr întreg între { $min } și { $max }.
field-duplicate = Această valoare apare de mai multe ori.
field-one_primary = Exact una dintre lacunele confirmate trebuie marcată ca principală.
field-required_to_publish = O retrospectivă publicată are nevoie de cel puțin o lacună confirmată.
field-needed_to_publish = O retrospectivă publicată are nevoie de acest câmp.
field-no_action_for_gap = Acțiunea este marcată ca necesară, dar nicio acțiune nu răspunde acestui incident pentru una dintre lacunele lui confirmate. Creați mai întâi una sau setați „action_needed” la false și explicați motivul în „action_needed_rationale”.
field-window_needs_criterion = Doar o acțiune evaluată automat (eficacitate „no_repeat_for_client” sau „no_repeat_any_client”) are o perioadă de verificare; omiteți acest câmp pentru „manual”.
field-different_clients = Toate incidentele trebuie să aparțină aceluiași client.
field-invalid_date = Se așteaptă o dată, de exemplu 2026-12-31.
field-unknown_reference = Niciun client nu are acest identificator din CRM. Creați mai întâi clientul cu PUT /v1/clients/by-ref/<source>/<external_id>.
field-exclusive = Trimiteți fie acest câmp, fie „{ $other }”, nu pe amândouă.
field-invalid_url = Se așteaptă un URL absolut, http sau https.
field-private_address = Acest URL trimite la o adresă de loopback sau la o adresă privată, pe care acest server nu le permite.
field-link_local_address = Acest URL trimite la o adresă link-local (de exemplu 169.254.169.254), care nu este permisă niciodată.
field-client_cannot_change = Un incident rămâne la clientul pentru care a fost înregistrat. Pentru alt client, înregistrați un incident nou.
field-not_the_path_reference = Omiteți acest câmp sau trimiteți același identificator din CRM ca în cale.
field-in_future = Acest moment este în viitor; raportați un contact după ce a avut loc.
field-only_for_payment = Doar o plată are acest câmp.
