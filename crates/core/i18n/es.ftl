# Mensajes de entrack — español
loc-row = Fila { $row }

field-tenant_id = id. de inquilino
field-tenant_name = nombre del inquilino
field-service = servicio
field-total_entitlements = total de derechos
field-scenario = escenario
field-engagement_scenario = escenario de interacción del servicio
field-service_status = estado del servicio
field-engagement_start_date = fecha de inicio de la interacción
field-review = marca de revisión
field-row = fila de estado
field-l1 = L1
field-l2 = L2
field-l3 = L3
field-entitlements = derechos
field-target_date = fecha focalizada
field-owner = dueño
field-note = nota
field-next_action = próxima acción
field-next_action_date = próxima fecha de ejecución

rule-missing-value = aquí se necesita un valor
rule-unknown-field = «{ $value }» no es un campo de una fila de estado; los campos son: { $allowed }
rule-invalid-value = «{ $value }» no es válido aquí; se esperaba { $expected }
rule-invalid-number = «{ $value }» no es un número entero de puestos (0 o más)
rule-invalid-date = «{ $value }» no es una fecha; escríbala como { $expected }
rule-invalid-tenant-id = «{ $value }» no es un id. de inquilino; un id. de inquilino es un GUID como 6f9619ff-8b86-d011-b42d-00c04fc964ff
rule-unknown-service = «{ $value }» no es un servicio del catálogo (vea «entrack services»)
rule-unknown-l1 = «{ $value }» no es un L1; los L1 son: { $allowed }
rule-l2-not-in-l1 = { $belongs ->
    [none] «{ $value }» no es un L2 de { $l1 }
   *[other] «{ $value }» es un L2 de { $belongs }, no de { $l1 }
  }; elija uno de: { $allowed }
rule-l3-not-in-l2 = «{ $value }» no es un L3 de { $l2 }; para este servicio elija uno de: { $allowed }
rule-l3-without-l2 = un L3 («{ $value }») necesita primero un L2
rule-l3-not-for-service = el L3 «{ $value }» no se aplica a { $service }; se aplica a: { $services }
rule-l2-required = { $l1 } necesita un L2 (el motivo)
rule-l2-not-allowed = { $l1 } no tiene L2; déjelo vacío
rule-l3-not-allowed = { $l1 } no tiene L3; déjelo vacío
rule-target-date-required = { $scenario ->
    [delivery] { $l1 } en la entrega necesita la fecha de desbloqueo proyectada como fecha focalizada
   *[other] { $l1 } necesita una fecha focalizada
  }
rule-target-date-not-allowed = { $scenario ->
    [assignment] { $l1 } en la asignación no tiene fecha focalizada; déjela vacía
   *[other] { $l1 } no tiene fecha focalizada; déjela vacía
  }
rule-target-date-in-past = la fecha focalizada { $value } ya pasó (hoy es { $today }); elija hoy o una fecha posterior
rule-target-date-before-engagement-start = la fecha focalizada { $value } es anterior a la fecha de inicio de la interacción { $start }
rule-owner-required = { $l1 } necesita un dueño (el equipo de cuentas, o el FM de entrega en la asignación)
rule-owner-not-allowed = { $l1 } no tiene dueño; déjelo vacío
rule-note-required = cada fila de estado necesita una nota que explique el motivo
rule-note-poor = la nota es demasiado pobre para guardarla ({ $reasons }); indique qué pretende el cliente y por qué, o pida a un administrador que permita notas pobres
rule-next-action-required = { $l1 } en la asignación necesita una próxima acción (la reunión de inicio)
rule-next-action-date-required = { $l1 } en la asignación necesita una próxima fecha de ejecución (la fecha de inicio de la discusión)
rule-next-action-date-without-action = una próxima fecha de ejecución ({ $value }) necesita una próxima acción
rule-text-too-long = el texto tiene { $length } caracteres; se permiten como máximo { $max }
rule-invalid-characters = el texto contiene el carácter de control { $value }
rule-row-without-entitlements = una fila de estado necesita al menos un puesto; elimine la fila o asígnele puestos
rule-duplicate-row = esta fila repite el L1/L2/L3 { $value } de la fila { $other }; los puestos con el mismo motivo van en una sola fila
rule-entitlements-sum-mismatch = las filas suman { $sum } puestos pero el servicio tiene { $total }; cada puesto necesita exactamente un estado
rule-total-below-classified = el nuevo total { $total } es menor que los { $classified } puestos ya clasificados fuera de «Estado desconocido»; mueva primero puestos con «entrack status put»
rule-service-status-without-in-progress = el estado del servicio { $value } solo se aplica mientras haya puestos { $l1 }; vacíelo (none) o conserve una fila { $l1 }
rule-updater-not-allowed = { $scenario ->
    [assignment] en la asignación solo el FM de asignación actualiza las filas de estado, no el rol { $role }
    [delivery] en la entrega solo el FM de entrega actualiza las filas de estado, no el rol { $role }
   *[other] el rol { $role } no puede cambiar filas de estado
  }
rule-engagement-scenario-locked = mientras el servicio esté bloqueado en la entrega, el escenario de interacción conserva su valor anterior ({ $previous })
rule-engagement-scenario-not-permitted = el rol { $role } no puede cambiar el escenario de compromiso; pídalo a un administrador o al Assignment FM (FTOP: solicitud de FTC Help, categoría Engagement Scenario Change)
rule-tenant-name-required = un inquilino necesita un nombre
rule-tenant-exists = ya existe un inquilino con el id. { $value }
rule-tenant-unavailable = el inquilino { $value } pertenece a otra organización: aquí no se puede cambiar ni crear
rule-unknown-column = la columna «{ $value }» no forma parte del formato de intercambio; las columnas son: { $allowed }
rule-missing-column = el archivo no tiene la columna «{ $value }»; es obligatoria
rule-service-rows-split = las filas de este inquilino y servicio no están juntas (vista primero en la fila { $other }); ordene el archivo por tenant_id y service
rule-conflicting-value = «{ $value }» difiere del valor de la fila { $other } del mismo servicio; un servicio tiene un solo valor aquí
rule-mixed-date-formats = «{ $value }» no está escrita como las demás fechas del archivo ({ $expected }, vista primero en la fila { $other }); elija un formato o fíjelo con --date-format
rule-changed-since-batch = { $value } cambió después del lote (ahora versión { $version }, el lote dejó la versión { $other }); deshacer rechazado
rule-batch-already-undone = el lote { $value } ya fue deshecho por el lote { $other }
rule-unknown-batch = no existe el lote «{ $value }» (vea «entrack import batches»)
rule-unreadable-file = no se puede leer el archivo: { $value }

auto-note-new-seats = { $count } derechos nuevos añadidos; intención aún desconocida

cli-store-ready = El almacén { $path } está listo (versión de esquema { $version }).
cli-migrated = Copiados { $tenants } inquilinos, { $services } servicios con { $rows } filas de estado, { $events } eventos, { $batches } lotes y { $users } usuarios de { $from } a { $to }; ambos se leen igual.
cli-backup-written = Hay una copia coherente del almacén en { $path }.
cli-backup-postgres = Un almacén PostgreSQL se respalda con las herramientas del servidor: pg_dump --format=custom --file=entrack.dump "$ENTRACK_DB" (véase el README).
cli-tenant-added = Inquilino { $name } ({ $id }) añadido.
cli-saved = { $service } de { $tenant } guardado como versión { $version }.
cli-no-change = Sin cambios: { $service } de { $tenant } ya contiene esto (versión { $version }).
cli-rejected = Rechazado; no se escribió nada:
cli-invalid-json = las filas de estado no son JSON válido ({ $detail }); se esperaba una matriz de objetos de fila
cli-total = Total
cli-no-events = Todavía no hay historial.
cli-not-at = { $service } de { $tenant } no existía el { $at }.
cli-import-summary = { $rows } filas leídas: { $tenants } inquilinos y { $created } servicios creados, { $changed } servicios cambiados, { $unchanged } sin cambios, { $rejected } rechazados.
cli-import-warnings = Aceptado, pero { $count } filas cambiadas tienen una nota pobre (esta organización las permite):
cli-import-written = Guardado como lote { $batch } (deshacer con «entrack import undo { $batch }»).
cli-dry-run = Simulación: no se guardó nada.
cli-nothing-changed = No se guardó nada: el almacén ya contiene todo.
cli-import-refused = No se guardó nada por los errores anteriores; corríjalos o importe los servicios válidos con --skip-invalid.
cli-errors-more = … y { $count } más (escríbalos todos con --errors ARCHIVO).
cli-errors-written = Errores escritos en { $path }.
cli-file-error-at = fila { $row }
cli-need-actor = indique quién hace el cambio con --as USUARIO o ENTRACK_USER
cli-feed-summary = { $lines } líneas del feed: { $tenants } inquilinos y { $created } servicios creados, { $changed } totales cambiados, { $unchanged } sin cambios, { $flagged } marcados para revisión, { $rejected } rechazados.
cli-export-summary = Exportadas { $rows } filas de { $services } servicios a { $path }.
cli-undo-done = Lote { $batch } deshecho como lote { $undo }: { $restored } servicios restaurados, { $removed } servicios y { $tenants } inquilinos quitados.
cli-no-batches = Aún no hay lotes.
cli-no-review = Ningún servicio está marcado para revisión.
err-tenant-not-found = ningún inquilino tiene el id. o el nombre «{ $key }» (vea «entrack tenant list»)
err-service-not-found = el inquilino { $tenant } no tiene derechos para { $service }; créelos primero con «entrack entitlement set»
err-tenant-ambiguous = { $count } inquilinos se llaman «{ $key }»; use el id. del inquilino
err-conflict = otra persona cambió { $what } mientras tanto (ahora versión { $version }); vuelva a leerlo e inténtelo de nuevo
err-store = no se puede usar el almacén: { $detail }
err-input = no se puede leer { $path }: { $detail }
err-db-scheme = «{ $scheme }://» no es un almacén que entrack conozca. Use una ruta de archivo o sqlite://RUTA para el almacén integrado, o postgres://USUARIO@HOST:PUERTO/BASE para PostgreSQL.

## HTTP API problems
api-not-found = No encontrado: { $what }.
api-precondition-required = Este cambio necesita una cabecera If-Match con el ETag del servicio tal como lo leyó.
api-stale = Otra persona cambió { $what }: ahora está en la versión { $version }. Vuelva a leerlo y aplique de nuevo su cambio.
api-rejected = El cambio incumple { $count } regla(s); no se guardó nada.
api-bad-request = No se pudo leer la solicitud: { $detail }
api-exists = { $what } ya existe.
api-internal = Algo falló en el servidor; no se guardó nada. El identificador de la solicitud está en la cabecera x-request-id.
cli-serve-loopback = { $address } no es una dirección de bucle local. HTTP sin cifrar transmite contraseñas y cookies de sesión en claro, así que entrack serve solo escucha en esta máquina (127.0.0.1 o ::1) salvo que haya un proxy TLS delante (--behind-tls).
cli-serve-bind = No se puede escuchar en { $address }: { $detail }
cli-serve-listening = La API de entrack está en http://{ $address } (Ctrl-C para parar).
api-unauthorized = Inicie sesión primero: envíe una cookie de sesión de /api/v1/login o un token de API como «Authorization: Bearer …».
api-forbidden = No permitido: { $what }.
api-csrf = Este cambio llegó con una cookie de sesión pero sin la cabecera X-CSRF-Token correspondiente, o desde otro sitio; no se guardó nada.
api-throttled = Demasiados intentos de inicio de sesión; vuelva a intentarlo en { $seconds } segundos.
api-login-failed = El nombre de usuario o la contraseña no son correctos.
api-idempotency-mismatch = La Idempotency-Key { $key } ya se usó para otra solicitud; use una clave nueva para una solicitud nueva.
api-idempotency-busy = Una solicitud con la Idempotency-Key { $key } aún se está procesando; vuelva a intentarlo cuando termine.
api-password-weak = La contraseña es demasiado débil: { $detail }
cli-unknown-user = «{ $user }» no es un usuario de este almacén. Cuando un almacén tiene usuarios, los cambios se hacen como uno de ellos (vea «entrack user list»).
cli-role-from-account = { $user } actúa como { $role }, el rol de la cuenta; omita --role.
cli-unknown-org = No hay ninguna organización «{ $org }» (vea «entrack org list»).
cli-password-empty = No hay contraseña en la entrada estándar; pase una línea, p. ej. printf "%s\n" "$PASSWORD" | entrack user add …
cli-bad-name = Un nombre necesita de 1 a 200 caracteres y ningún carácter de control.
cli-bad-username = Un nombre de usuario usa letras, dígitos y . - _ @ (como máximo 200).
cli-note-grade = Nota de la fila { $row }: { $grade }
cli-org-added = Organización { $org } creada (número { $id }).
cli-org-poor-notes-allowed = { $org }: ahora se pueden guardar filas de estado con una nota pobre; las importaciones las muestran como advertencias.
cli-org-poor-notes-refused = { $org }: una fila de estado cambiada con una nota pobre se rechaza.
cli-user-added = Usuario { $user } creado como { $role } en { $org }.
cli-password-set = Contraseña de { $user } establecida.
cli-token-created = Token { $id } para { $user } creado. Solo se muestra esta vez: guárdelo bien.
cli-token-revoked = Token { $id } revocado.
cli-assign-role = Los usuarios se asignan como assignment-fm, delivery-fm o account-team.
cli-assign-other-org = { $user } pertenece a otra organización que el inquilino { $tenant }.
cli-assigned = { $user } asignado a { $tenant } como { $role } (asignación { $id }).
cli-unassigned = Asignación { $id } eliminada.
cli-serve-no-users = Este almacén aún no tiene usuarios: nadie puede iniciar sesión. Cree el primer administrador con: entrack user add NOMBRE --role admin --password-stdin
suggest-grade-great = Excelente: la nota indica la intención y el motivo.
suggest-grade-marginal = Mejorable: la nota necesita trabajo.
suggest-grade-poor = Deficiente: esta nota no se puede guardar así.
suggest-empty = la nota está vacía
suggest-too-short = demasiado corta para decir qué pretende el cliente y por qué
suggest-bare-status = solo palabras de estado («{ $found }»): diga qué ocurre y por qué
suggest-logistics = la logística de la relación («{ $found }») va en una nota de gestión del compromiso, no en la nota de intención del servicio
suggest-no-reason = no se da ningún motivo: diga por qué (porque …, debido a …, hasta que …)
suggest-hedge = una expresión vaga («{ $found }»): use palabras decididas
suggest-too-long = tan larga que lo importante se pierde: bastan dos frases

# Web UI
ui-skip = Ir al contenido
ui-nav = Principal
ui-portfolio = Cartera
ui-dashboard = Panel
ui-taxonomy = Taxonomía
ui-language = Idioma
ui-sign-out = Cerrar sesión
ui-sign-in = Iniciar sesión
ui-username = Nombre de usuario
ui-password = Contraseña
ui-search = Buscar
ui-search-hint = Nombre o id del inquilino
ui-any = todos
ui-service = Servicio
ui-owner = Propietario
ui-overdue = Próxima acción vencida
ui-tenant = Inquilino
ui-tenant-id = Id del inquilino
ui-services = Servicios
ui-seats = Licencias
ui-split = Licencias por L1
ui-no-tenants = Ningún inquilino coincide.
ui-next-page = Página siguiente
ui-target-date = Fecha objetivo
ui-next-action = Próxima acción
ui-next-action-date = Fecha de la próxima acción
ui-note = Nota
ui-history = Historial
ui-edit = Editar
ui-view = Ver
ui-no-services = Aún no hay derechos de servicio.
ui-total = Total
ui-stale = Otra persona cambió este servicio después de que lo abriera; no se guardó nada suyo. Su cambio está abajo: revíselo y guarde de nuevo.
ui-row = Fila
ui-suggest = Sugerir
ui-remove-row = Quitar fila
ui-accept = Aceptar
ui-sum = Suma de licencias
ui-add-row = Añadir fila
ui-save = Guardar
ui-read-only = Puede ver este servicio; solo un usuario asignado lo cambia.
ui-saved = Guardado.
ui-no-history = Aún no hay cambios.
ui-exclude-invalid = Excluir Duplicado/No válido
ui-include-invalid = Incluir Duplicado/No válido
ui-download-csv = Descargar como CSV
ui-seats-by-l1 = Licencias por L1 y servicio
ui-blocked-no-intent = Bloqueado y Sin intención por L2
ui-code = Código
ui-all-services = todos los servicios
