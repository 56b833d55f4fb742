# Catalogul de lacune: denumirea, ce este lacuna și ce pune în practică o firmă ca s-o închidă.
# Pluralele se aleg după PLURAL($n), nu după $n: vezi src/i18n/romanian.rs.

gap-scope_undefined = Sfera serviciilor nedefinită
    .description = Clientului nu i s-au comunicat niciodată sfera serviciilor și împărțirea responsabilităților.
    .prevention = Stabiliți în scris, de la început, ce include serviciul și ce nu, cine ce face de fiecare parte, și cereți-i clientului să confirme. Exemple de acțiuni: o secțiune „inclus / neinclus” în fiecare ofertă; un rezumat al responsabilităților, de o pagină, trimis la demararea proiectului.
gap-expectations_misaligned = Așteptări nealiniate
    .description = Criteriile de succes și prioritățile nu au fost stabilite de comun acord; fiecare parte a măsurat altceva.
    .prevention = Stabiliți în scris, împreună cu clientul, ce înseamnă succesul și care priorități sunt pe primul loc, iar în rapoarte urmăriți exact aceste lucruri. Exemple de acțiuni: un atelier despre criteriile de succes la demararea proiectului; indicatorii clientului pe primul loc în fiecare raport.
gap-contact_cadence = Contact prea rar
    .description = Contactul cu clientul a fost prea rar sau prea neregulat pentru a observa problemele din timp.
    .prevention = Păstrați un ritm regulat de discuții, nu doar de rapoarte, și tratați plățile întârziate sau răspunsurile laconice ca semnale timpurii. Exemple de acțiuni: un apel lunar cu fiecare client activ; o evaluare a relației atunci când se schimbă tonul clientului sau felul în care plătește.
gap-conduct_boundaries = Fără reguli de conduită
    .description = Nu s-au stabilit de la început reguli de conduită sau un mod de lucru, iar prima abatere a fost lăsată să treacă.
    .prevention = Stabiliți de la început regulile colaborării (canale, program, ton respectuos) și răspundeți calm și în scris la prima abatere. Exemple de acțiuni: o pagină „cum lucrăm împreună” în fiecare contract; un model de răspuns la prima abatere.
gap-escalation_path = Fără cale de escaladare
    .description = Nu există o procedură de escaladare definită pentru abuzuri, amenințări sau datorii.
    .prevention = Stabiliți cine escaladează ce și când: asistență juridică atunci când o datorie depășește un prag (de exemplu 500 EUR), poliția pentru violență sau amenințări, un manager pentru abuzuri. Exemple de acțiuni: puneți în scris treptele de escaladare; alegeți din timp un avocat sau o firmă de recuperare a creanțelor.
gap-payment_followup = Plăți neurmărite
    .description = Condițiile de plată nu sunt aplicate: niciun memento, nicio penalitate de întârziere, nimeni care să urmărească plata.
    .prevention = Treceți în contract condițiile de plată și penalitățile de întârziere și desemnați o persoană responsabilă de mementouri, la zile fixe după scadență. Exemple de acțiuni: mementouri automate la 3, 10 și 30 de zile; o clauză de penalități în fiecare contract nou.
gap-intake_checklist = Fără listă de solicitări către client
    .description = Clientul nu a primit niciodată pași scriși și concreți despre ce trebuie să trimită și până când.
    .prevention = Trimiteți fiecărui client o listă scrisă cu tot ce vă este necesar de la el, în ce formă și până la ce dată, și urmăriți dacă este respectată. Exemple de acțiuni: o listă de verificare pentru începutul colaborării, pentru fiecare serviciu; o listă de materiale solicitate, cu termene, în fiecare plan de proiect.
gap-complaint_timebox = Reclamații fără limite
    .description = Reclamațiile primesc timp și canale nelimitate; întâlnirile se încheie fără niciun rezultat.
    .prevention = Stabiliți pentru reclamații un singur canal și o limită de timp și încheiați fiecare discuție cu o cerere sau o decizie concretă. Exemple de acțiuni: cel mult 30 de minute pentru apelurile cu reclamații; un rezumat scris, cu pasul următor, după fiecare apel.
gap-response_commitment = Fără termen de răspuns
    .description = Cât timp problema a fost analizată, clientul nu a primit o dată fermă pentru răspuns.
    .prevention = Când o întrebare necesită o analiză, comunicați-i clientului data exactă a răspunsului și respectați-o, chiar dacă la acea dată îi puteți oferi doar o informare despre stadiul analizei. Exemple de acțiuni: regula de a confirma o dată de răspuns în cel mult o zi lucrătoare; evidența întrebărilor deschise, cu termene.
gap-evidence_trail = Fără istoric documentat
    .description = Modificările, deciziile și corespondența nu au fost consemnate; nu se poate dovedi ce s-a convenit.
    .prevention = Consemnați în scris deciziile și înțelegerile și păstrați corespondența și istoricul modificărilor acolo unde echipa le poate găsi. Exemple de acțiuni: confirmați prin e-mail orice înțelegere telefonică; țineți un registru de decizii pentru fiecare client.
gap-service_catalog = Fără răspuns pentru serviciile pe care nu le oferim
    .description = Clientul a cerut un serviciu din afara ofertei și nu există o cale de a refuza cererea, de a-l redirecționa către un partener sau de a dezvolta serviciul.
    .prevention = Păstrați un catalog clar al serviciilor și un răspuns pregătit pentru cererile din afara lui: refuzați politicos, redirecționați clientul către un partener sau decideți să dezvoltați serviciul. Exemple de acțiuni: o listă de parteneri către care redirecționați clienții; o analiză trimestrială a cererilor pe care nu le-am putut onora.
gap-advice_protocol = Fără regulă pentru recomandările respinse
    .description = Un dezacord privind o recomandare de specialitate nu avea nicio regulă prin care să se încheie.
    .prevention = Formulați recomandarea de cel mult trei ori, cu argumente, consemnați în scris decizia clientului, apoi implementați ce a ales: sunt banii lui. Exemple de acțiuni: un model de consemnare a deciziei; regula celor trei recomandări în ghidul echipei.
gap-internal_handoff = Cereri pierdute la predare
    .description = Ce a cerut clientul s-a pierdut sau s-a deformat între echipa de relații cu clienții și echipa de execuție.
    .prevention = Transmiteți cererile clientului către echipa de execuție în scris, complete și verificate de managerul de cont, și confirmați-i clientului ce ați înțeles. Exemple de acțiuni: un model de cerere cu criterii de acceptare; reformularea cererii, trimisă clientului spre confirmare înainte de începerea lucrului.

# De ce propune detectorul o lacună.
reason-category = Incidentele din categoria „{ $category }” pornesc de obicei de la această lacună.
reason-phrase = Textul spune „{ $phrase }”.
reason-word = În incidentele din care a învățat detectorul, cuvântul „{ $word }” a apărut des alături de această lacună.
reason-similar = Retrospectiva unuia dintre incidentele dumneavoastră, asemănător în proporție de { $percent }% cu acesta, a confirmat această lacună.
reason-amount = Suma datorată, { $amount } (aproximativ { $eur } EUR), depășește pragul de { $threshold } EUR peste care o datorie trebuie escaladată.
reason-overdue = { PLURAL($days) ->
    [one] Textul menționează o întârziere de o zi.
    [few] Textul menționează o întârziere de { $days } zile.
   *[other] Textul menționează o întârziere de { $days } de zile.
}

# Acțiuni corective și repetări.
action-reopened-by-repeat = Redeschisă automat: incidentul { $incident } a scos din nou la iveală aceeași lacună, deci această acțiune nu a funcționat.
action-judged-effective = Evaluată automat ca eficace: niciun incident nu a scos din nou la iveală lacuna între { $from } și { $until }.
action-judged-ineffective = Evaluată automat ca ineficace și redeschisă: incidentul { $incident } a scos din nou la iveală lacuna între { $from } și { $until }.
earlier-action = Lacuna ar fi trebuit închisă prin acțiunea „{ $title }”, finalizată la { $date }.

# De ce seamănă un incident cu altul.
similar-confirmed-gap = Ambele retrospective au confirmat lacuna „{ $gap }”.
similar-likely-gap = Ambele incidente scot la iveală, cel mai probabil, lacuna „{ $gap }”.
similar-concepts = { PLURAL($count) ->
    [one] Ambele texte menționează un aspect comun.
    [few] Ambele texte menționează { $count } aspecte comune.
   *[other] Ambele texte menționează { $count } de aspecte comune.
}
similar-category = Ambele sunt în categoria „{ $category }”.
similar-client = Ambele privesc același client.
