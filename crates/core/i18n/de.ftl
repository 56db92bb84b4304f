# entrack-Meldungen — Deutsch
loc-row = Zeile { $row }

field-tenant_id = Mandanten-ID
field-tenant_name = Mandantenname
field-service = Dienst
field-total_entitlements = Gesamtzahl der Lizenzen
field-scenario = Szenario
field-engagement_scenario = Dienstbeteiligungsszenario
field-service_status = Dienststatus
field-engagement_start_date = Startdatum der Beteiligung
field-review = Prüfhinweis
field-row = Statuszeile
field-l1 = L1
field-l2 = L2
field-l3 = L3
field-entitlements = Lizenzen
field-target_date = Zieldatum
field-owner = Inhaber
field-note = Notiz
field-next_action = Nächste Aktion
field-next_action_date = Nächstes Aktionsdatum

rule-missing-value = hier ist ein Wert erforderlich
rule-unknown-field = „{ $value }“ ist kein Feld einer Statuszeile; die Felder sind: { $allowed }
rule-invalid-value = „{ $value }“ ist hier nicht gültig; erwartet: { $expected }
rule-invalid-number = „{ $value }“ ist keine ganze Zahl von Lizenzen (0 oder mehr)
rule-invalid-date = „{ $value }“ ist kein Datum; bitte als { $expected } schreiben
rule-invalid-tenant-id = „{ $value }“ ist keine Mandanten-ID; eine Mandanten-ID ist eine GUID wie 6f9619ff-8b86-d011-b42d-00c04fc964ff
rule-unknown-service = „{ $value }“ ist kein Dienst des Katalogs (siehe „entrack services“)
rule-unknown-l1 = „{ $value }“ ist kein L1; die L1-Werte sind: { $allowed }
rule-l2-not-in-l1 = { $belongs ->
    [none] „{ $value }“ ist kein L2 von { $l1 }
   *[other] „{ $value }“ ist ein L2 von { $belongs }, nicht von { $l1 }
  }; wählen Sie einen von: { $allowed }
rule-l3-not-in-l2 = „{ $value }“ ist kein L3 von { $l2 }; für diesen Dienst wählen Sie einen von: { $allowed }
rule-l3-without-l2 = ein L3 („{ $value }“) braucht zuerst ein L2
rule-l3-not-for-service = das L3 „{ $value }“ gilt nicht für { $service }; es gilt für: { $services }
rule-l2-required = { $l1 } braucht ein L2 (den Grund)
rule-l2-not-allowed = { $l1 } hat kein L2; bitte leer lassen
rule-l3-not-allowed = { $l1 } hat kein L3; bitte leer lassen
rule-target-date-required = { $scenario ->
    [delivery] { $l1 } in der Durchführung braucht das voraussichtliche Datum der Ausräumung der Hindernisse als Zieldatum
   *[other] { $l1 } braucht ein Zieldatum
  }
rule-target-date-not-allowed = { $scenario ->
    [assignment] { $l1 } in der Zuweisung hat kein Zieldatum; bitte leer lassen
   *[other] { $l1 } hat kein Zieldatum; bitte leer lassen
  }
rule-target-date-in-past = das Zieldatum { $value } liegt in der Vergangenheit (heute ist der { $today }); wählen Sie heute oder ein späteres Datum
rule-target-date-before-engagement-start = das Zieldatum { $value } liegt vor dem Startdatum der Beteiligung { $start }
rule-owner-required = { $l1 } braucht einen Inhaber (das Account Team, in der Zuweisung den Durchführungs-FM)
rule-owner-not-allowed = { $l1 } hat keinen Inhaber; bitte leer lassen
rule-note-required = jede Statuszeile braucht eine Notiz, die den Grund nennt
rule-note-poor = die Notiz ist zu schwach zum Speichern ({ $reasons }); schreiben Sie, was der Kunde vorhat und warum, oder bitten Sie einen Administrator, schwache Notizen zuzulassen
rule-next-action-required = { $l1 } in der Zuweisung braucht eine nächste Aktion (das Kick-off-Meeting)
rule-next-action-date-required = { $l1 } in der Zuweisung braucht ein nächstes Aktionsdatum (das Datum des ersten Gesprächs)
rule-next-action-date-without-action = ein nächstes Aktionsdatum ({ $value }) braucht eine nächste Aktion
rule-text-too-long = der Text hat { $length } Zeichen; erlaubt sind höchstens { $max }
rule-invalid-characters = der Text enthält das Steuerzeichen { $value }
rule-row-without-entitlements = eine Statuszeile braucht mindestens eine Lizenz; entfernen Sie die Zeile oder weisen Sie ihr Lizenzen zu
rule-duplicate-row = diese Zeile wiederholt L1/L2/L3 { $value } aus Zeile { $other }; Lizenzen mit demselben Grund gehören in eine Zeile
rule-entitlements-sum-mismatch = die Zeilen enthalten { $sum } Lizenzen, der Dienst hat aber { $total }; jede Lizenz braucht genau einen Status
rule-total-below-classified = die neue Gesamtzahl { $total } liegt unter den { $classified } Lizenzen, die bereits außerhalb von „Unbekannter Status“ eingeordnet sind; verschieben Sie zuerst Lizenzen mit „entrack status put“
rule-service-status-without-in-progress = der Dienststatus { $value } gilt nur, solange Lizenzen { $l1 } sind; leeren Sie ihn (none) oder behalten Sie eine Zeile { $l1 }
rule-updater-not-allowed = { $scenario ->
    [assignment] in der Zuweisung aktualisiert nur der Zuweisungs-FM die Statuszeilen, nicht die Rolle { $role }
    [delivery] in der Durchführung aktualisiert nur der Durchführungs-FM die Statuszeilen, nicht die Rolle { $role }
   *[other] die Rolle { $role } darf keine Statuszeilen ändern
  }
rule-engagement-scenario-locked = solange der Dienst in der Durchführung blockiert ist, behält das Dienstbeteiligungsszenario seinen bisherigen Wert ({ $previous })
rule-engagement-scenario-not-permitted = die Rolle { $role } darf das Engagement-Szenario nicht ändern; wenden Sie sich an einen Admin oder den Assignment FM (FTOP: FTC-Help-Anfrage, Kategorie Engagement Scenario Change)
rule-tenant-name-required = ein Mandant braucht einen Namen
rule-tenant-exists = ein Mandant mit der ID { $value } existiert bereits
rule-tenant-unavailable = der Mandant { $value } gehört zu einer anderen Organisation: er kann hier weder geändert noch angelegt werden
rule-unknown-column = die Spalte „{ $value }“ gehört nicht zum Austauschformat; die Spalten sind: { $allowed }
rule-missing-column = der Datei fehlt die Spalte „{ $value }“; sie ist erforderlich
rule-service-rows-split = die Zeilen dieses Mandanten und Dienstes stehen nicht zusammen (zuerst in Zeile { $other }); sortieren Sie die Datei nach tenant_id und service
rule-conflicting-value = „{ $value }“ weicht vom Wert in Zeile { $other } desselben Dienstes ab; ein Dienst hat hier nur einen Wert
rule-mixed-date-formats = „{ $value }“ ist anders geschrieben als die übrigen Datumsangaben der Datei ({ $expected }, zuerst in Zeile { $other }); wählen Sie ein Format oder erzwingen Sie es mit --date-format
rule-changed-since-batch = { $value } wurde nach dem Import geändert (jetzt Version { $version }, der Import hinterließ Version { $other }); Rücknahme abgelehnt
rule-batch-already-undone = der Import { $value } wurde bereits durch { $other } zurückgenommen
rule-unknown-batch = es gibt keinen Import „{ $value }“ (siehe „entrack import batches“)
rule-unreadable-file = die Datei kann nicht gelesen werden: { $value }

auto-note-new-seats = { $count } neue Lizenzen hinzugefügt; Absicht noch unbekannt

cli-store-ready = Speicher { $path } ist bereit (Schemaversion { $version }).
cli-migrated = { $tenants } Tenants, { $services } Services mit { $rows } Statuszeilen, { $events } Ereignisse, { $batches } Stapel und { $users } Benutzer von { $from } nach { $to } kopiert; beide lesen sich gleich zurück.
cli-backup-written = Eine konsistente Kopie des Speichers liegt in { $path }.
cli-backup-postgres = Ein PostgreSQL-Speicher wird mit den Werkzeugen des Servers gesichert: pg_dump --format=custom --file=entrack.dump "$ENTRACK_DB" (siehe README).
cli-tenant-added = Mandant { $name } ({ $id }) hinzugefügt.
cli-saved = { $service } von { $tenant } als Version { $version } gespeichert.
cli-no-change = Keine Änderung: { $service } von { $tenant } enthält dies bereits (Version { $version }).
cli-rejected = Abgelehnt; nichts wurde geschrieben:
cli-invalid-json = die Statuszeilen sind kein gültiges JSON ({ $detail }); erwartet wird ein Array von Zeilenobjekten
cli-total = Summe
cli-no-events = Noch keine Historie.
cli-not-at = { $service } von { $tenant } existierte am { $at } noch nicht.
cli-import-summary = { $rows } Zeilen gelesen: { $tenants } Mandanten und { $created } Dienste angelegt, { $changed } Dienste geändert, { $unchanged } unverändert, { $rejected } abgelehnt.
cli-import-warnings = Übernommen, aber { $count } geänderte Zeilen haben eine schwache Notiz (diese Organisation lässt sie zu):
cli-import-written = Als Import { $batch } gespeichert (Rücknahme mit „entrack import undo { $batch }“).
cli-dry-run = Probelauf: nichts wurde gespeichert.
cli-nothing-changed = Nichts gespeichert: der Speicher enthält bereits alles.
cli-import-refused = Wegen der obigen Fehler wurde nichts gespeichert; beheben Sie sie oder importieren Sie die gültigen Dienste mit --skip-invalid.
cli-errors-more = … und { $count } weitere (alle mit --errors DATEI schreiben).
cli-errors-written = Fehler in { $path } geschrieben.
cli-file-error-at = Zeile { $row }
cli-need-actor = geben Sie mit --as BENUTZER oder ENTRACK_USER an, wer die Änderung vornimmt
cli-feed-summary = { $lines } Feed-Zeilen: { $tenants } Mandanten und { $created } Dienste angelegt, { $changed } Summen geändert, { $unchanged } unverändert, { $flagged } zur Prüfung markiert, { $rejected } abgelehnt.
cli-export-summary = { $rows } Zeilen von { $services } Diensten nach { $path } exportiert.
cli-undo-done = Import { $batch } durch { $undo } zurückgenommen: { $restored } Dienste wiederhergestellt, { $removed } Dienste und { $tenants } Mandanten entfernt.
cli-no-batches = Noch keine Importe.
cli-no-review = Kein Dienst ist zur Prüfung markiert.
err-tenant-not-found = kein Mandant hat die ID oder den Namen „{ $key }“ (siehe „entrack tenant list“)
err-service-not-found = Mandant { $tenant } hat keine Lizenzen für { $service }; legen Sie sie zuerst mit „entrack entitlement set“ an
err-tenant-ambiguous = { $count } Mandanten heißen „{ $key }“; verwenden Sie die Mandanten-ID
err-conflict = { $what } wurde inzwischen von jemand anderem geändert (jetzt Version { $version }); bitte neu lesen und erneut versuchen
err-store = der Speicher ist nicht nutzbar: { $detail }
err-input = { $path } kann nicht gelesen werden: { $detail }
err-db-scheme = „{ $scheme }://“ ist kein Speicher, den entrack kennt. Verwenden Sie einen Dateipfad oder sqlite://PFAD für den eingebetteten Speicher oder postgres://BENUTZER@HOST:PORT/DATENBANK für PostgreSQL.

## HTTP API problems
api-not-found = Nicht gefunden: { $what }.
api-precondition-required = Diese Änderung braucht einen If-Match-Header mit dem ETag des Dienstes, wie Sie ihn gelesen haben.
api-stale = { $what } wurde von jemand anderem geändert und hat jetzt Version { $version }. Lesen Sie den Dienst erneut und wiederholen Sie Ihre Änderung.
api-rejected = Die Änderung verletzt { $count } Regel(n); nichts wurde gespeichert.
api-bad-request = Die Anfrage ist nicht lesbar: { $detail }
api-exists = { $what } existiert bereits.
api-internal = Auf dem Server ist ein Fehler aufgetreten; nichts wurde gespeichert. Die Anfrage-ID steht im Header x-request-id.
cli-serve-loopback = { $address } ist keine Loopback-Adresse. Unverschlüsseltes HTTP überträgt Passwörter und Sitzungs-Cookies im Klartext, daher lauscht entrack serve nur auf diesem Rechner (127.0.0.1 oder ::1), es sei denn, ein TLS-Proxy steht davor (--behind-tls).
cli-serve-bind = Auf { $address } kann nicht gelauscht werden: { $detail }
cli-serve-listening = Die entrack-API läuft auf http://{ $address } (Strg-C beendet).
api-unauthorized = Bitte zuerst anmelden: ein Sitzungs-Cookie von /api/v1/login oder ein API-Token als „Authorization: Bearer …“ senden.
api-forbidden = Nicht erlaubt: { $what }.
api-csrf = Diese Änderung kam mit einem Sitzungs-Cookie, aber ohne passenden X-CSRF-Token-Header oder von einer anderen Website; nichts wurde gespeichert.
api-throttled = Zu viele Anmeldeversuche; bitte in { $seconds } Sekunden erneut versuchen.
api-login-failed = Benutzername oder Passwort ist falsch.
api-idempotency-mismatch = Der Idempotency-Key { $key } wurde bereits für eine andere Anfrage verwendet; für eine neue Anfrage einen neuen Schlüssel verwenden.
api-idempotency-busy = Eine Anfrage mit dem Idempotency-Key { $key } wird noch bearbeitet; bitte nach deren Abschluss erneut versuchen.
api-password-weak = Das Passwort ist zu schwach: { $detail }
cli-unknown-user = „{ $user }“ ist kein Benutzer dieses Speichers. Sobald ein Speicher Benutzer hat, werden Änderungen als einer von ihnen vorgenommen (siehe „entrack user list“).
cli-role-from-account = { $user } handelt als { $role }, der Rolle des Kontos; --role weglassen.
cli-unknown-org = Es gibt keine Organisation „{ $org }“ (siehe „entrack org list“).
cli-password-empty = Kein Passwort auf der Standardeingabe; eine Zeile übergeben, z. B. printf "%s\n" "$PASSWORD" | entrack user add …
cli-bad-name = Ein Name braucht 1 bis 200 Zeichen und keine Steuerzeichen.
cli-bad-username = Ein Benutzername besteht aus Buchstaben, Ziffern und . - _ @ (höchstens 200).
cli-note-grade = Notiz in Zeile { $row }: { $grade }
cli-org-added = Organisation { $org } angelegt (Nummer { $id }).
cli-org-poor-notes-allowed = { $org }: Statuszeilen dürfen jetzt mit schwacher Notiz gespeichert werden; Importe melden sie als Warnungen.
cli-org-poor-notes-refused = { $org }: eine geänderte Statuszeile mit schwacher Notiz wird abgelehnt.
cli-user-added = Benutzer { $user } als { $role } in { $org } angelegt.
cli-password-set = Passwort von { $user } gesetzt.
cli-token-created = Token { $id } für { $user } erstellt. Er wird nur dieses eine Mal angezeigt: sicher aufbewahren.
cli-token-revoked = Token { $id } widerrufen.
cli-assign-role = Benutzer werden als assignment-fm, delivery-fm oder account-team zugewiesen.
cli-assign-other-org = { $user } gehört zu einer anderen Organisation als Mandant { $tenant }.
cli-assigned = { $user } dem Mandanten { $tenant } als { $role } zugewiesen (Zuweisung { $id }).
cli-unassigned = Zuweisung { $id } entfernt.
cli-serve-no-users = Dieser Speicher hat noch keine Benutzer: niemand kann sich anmelden. Den ersten Admin anlegen mit: entrack user add NAME --role admin --password-stdin
suggest-grade-great = Sehr gut: Die Notiz nennt Absicht und Grund.
suggest-grade-marginal = Ausreichend: Die Notiz sollte verbessert werden.
suggest-grade-poor = Mangelhaft: So kann die Notiz nicht gespeichert werden.
suggest-empty = die Notiz ist leer
suggest-too-short = zu kurz, um Absicht und Grund des Kunden zu nennen
suggest-bare-status = nur Statuswörter („{ $found }“): beschreiben Sie, was los ist und warum
suggest-logistics = Terminabsprachen („{ $found }“) gehören in eine Engagement-Management-Notiz, nicht in die Service-Absichtsnotiz
suggest-no-reason = kein Grund genannt: sagen Sie warum (weil …, wegen …, bis …)
suggest-hedge = eine Abschwächung („{ $found }“): formulieren Sie entschieden
suggest-too-long = so lang, dass der Kern untergeht: zwei Sätze genügen

# Web UI
ui-skip = Zum Inhalt springen
ui-nav = Hauptnavigation
ui-portfolio = Portfolio
ui-dashboard = Übersicht
ui-taxonomy = Taxonomie
ui-language = Sprache
ui-sign-out = Abmelden
ui-sign-in = Anmelden
ui-username = Benutzername
ui-password = Passwort
ui-search = Suchen
ui-search-hint = Name oder Mandanten-ID
ui-any = alle
ui-service = Dienst
ui-owner = Inhaber
ui-overdue = Nächste Aktion überfällig
ui-tenant = Mandant
ui-tenant-id = Mandanten-ID
ui-services = Dienste
ui-seats = Lizenzen
ui-split = Lizenzen nach L1
ui-no-tenants = Kein Mandant passt.
ui-next-page = Nächste Seite
ui-target-date = Zieldatum
ui-next-action = Nächste Aktion
ui-next-action-date = Datum der nächsten Aktion
ui-note = Notiz
ui-history = Verlauf
ui-edit = Bearbeiten
ui-view = Ansehen
ui-no-services = Noch keine Dienstberechtigungen.
ui-total = Gesamt
ui-stale = Jemand anderes hat diesen Dienst geändert, nachdem Sie ihn geöffnet haben; von Ihnen wurde nichts gespeichert. Die Änderung steht unten: prüfen Sie sie und speichern Sie erneut.
ui-row = Zeile
ui-suggest = Vorschlagen
ui-remove-row = Zeile entfernen
ui-accept = Übernehmen
ui-sum = Summe der Lizenzen
ui-add-row = Zeile hinzufügen
ui-save = Speichern
ui-read-only = Sie können diesen Dienst ansehen; ändern kann ihn nur ein zugewiesener Benutzer.
ui-saved = Gespeichert.
ui-no-history = Noch keine Änderungen.
ui-exclude-invalid = Duplikat/Ungültig ausblenden
ui-include-invalid = Duplikat/Ungültig einbeziehen
ui-download-csv = Als CSV herunterladen
ui-seats-by-l1 = Lizenzen nach L1 je Dienst
ui-blocked-no-intent = Blockiert und Keine Absicht nach L2
ui-code = Code
ui-all-services = alle Dienste
