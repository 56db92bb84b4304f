# entrack messages — English
loc-row = Row { $row }

field-tenant_id = tenant id
field-tenant_name = tenant name
field-service = service
field-total_entitlements = total entitlements
field-scenario = scenario
field-engagement_scenario = engagement scenario
field-service_status = service status
field-engagement_start_date = engagement start date
field-review = review flag
field-row = status row
field-l1 = L1
field-l2 = L2
field-l3 = L3
field-entitlements = entitlements
field-target_date = target date
field-owner = owner
field-note = note
field-next_action = next action
field-next_action_date = next action date

rule-missing-value = a value is required here
rule-unknown-field = “{ $value }” is not a field of a status row; the fields are: { $allowed }
rule-invalid-value = “{ $value }” is not valid here; expected { $expected }
rule-invalid-number = “{ $value }” is not a whole number of seats (0 or more)
rule-invalid-date = “{ $value }” is not a date; write it as { $expected }
rule-invalid-tenant-id = “{ $value }” is not a tenant id; a tenant id is a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff
rule-unknown-service = “{ $value }” is not a service of the catalogue (see “entrack services”)
rule-unknown-l1 = “{ $value }” is not an L1; the L1s are: { $allowed }
rule-l2-not-in-l1 = { $belongs ->
    [none] “{ $value }” is not an L2 of { $l1 }
   *[other] “{ $value }” is an L2 of { $belongs }, not of { $l1 }
  }; choose one of: { $allowed }
rule-l3-not-in-l2 = “{ $value }” is not an L3 of { $l2 }; for this service choose one of: { $allowed }
rule-l3-without-l2 = an L3 (“{ $value }”) needs an L2 first
rule-l3-not-for-service = the L3 “{ $value }” does not apply to { $service }; it applies to: { $services }
rule-l2-required = { $l1 } needs an L2 (the reason)
rule-l2-not-allowed = { $l1 } has no L2; leave it empty
rule-l3-not-allowed = { $l1 } has no L3; leave it empty
rule-target-date-required = { $scenario ->
    [delivery] { $l1 } in the delivery phase needs the projected unblock date as target date
   *[other] { $l1 } needs a target date
  }
rule-target-date-not-allowed = { $scenario ->
    [assignment] { $l1 } in the assignment phase has no target date; leave it empty
   *[other] { $l1 } has no target date; leave it empty
  }
rule-target-date-in-past = the target date { $value } lies in the past (today is { $today }); choose today or a later date
rule-target-date-before-engagement-start = the target date { $value } is before the engagement start date { $start }
rule-owner-required = { $l1 } needs an owner (the Account Team, or the Delivery FM in the assignment phase)
rule-owner-not-allowed = { $l1 } has no owner; leave it empty
rule-note-required = every status row needs a note that says why
rule-note-poor = the note is too poor to save ({ $reasons }); say what the customer intends and why, or ask an administrator to allow poor notes
rule-next-action-required = { $l1 } in the assignment phase needs a next action (the kickoff meeting)
rule-next-action-date-required = { $l1 } in the assignment phase needs a next action date (the date of the initiate discussion)
rule-next-action-date-without-action = a next action date ({ $value }) needs a next action
rule-text-too-long = the text has { $length } characters; at most { $max } are allowed
rule-invalid-characters = the text contains the control character { $value }
rule-row-without-entitlements = a status row needs at least one seat; remove the row or give it seats
rule-duplicate-row = this row repeats the L1/L2/L3 { $value } of row { $other }; put the seats of one reason in one row
rule-entitlements-sum-mismatch = the rows hold { $sum } seats but the service has { $total }; every seat needs exactly one status
rule-total-below-classified = the new total { $total } is below the { $classified } seats already classified outside Status Unknown; move seats with “entrack status put” first
rule-service-status-without-in-progress = the service status { $value } applies only while some seats are { $l1 }; clear it (none) or keep an { $l1 } row
rule-updater-not-allowed = { $scenario ->
    [assignment] in the assignment phase only the Assignment FM updates the status rows, not the role { $role }
    [delivery] in the delivery phase only the Delivery FM updates the status rows, not the role { $role }
   *[other] the role { $role } cannot change status rows
  }
rule-engagement-scenario-locked = while the service is Blocked in the delivery phase the engagement scenario keeps its previous value ({ $previous })
rule-engagement-scenario-not-permitted = the role { $role } may not change the engagement scenario; ask an admin or the Assignment FM (FTOP: FTC Help request, category Engagement Scenario Change)
rule-tenant-name-required = a tenant needs a name
rule-tenant-exists = a tenant with the id { $value } already exists
rule-tenant-unavailable = the tenant { $value } belongs to another organisation: it can be neither changed nor created here
rule-unknown-column = the column “{ $value }” is not part of the interchange format; the columns are: { $allowed }
rule-missing-column = the file has no “{ $value }” column; it is required
rule-service-rows-split = the rows of this tenant and service are not together (first seen at row { $other }); sort the file by tenant_id and service
rule-conflicting-value = “{ $value }” differs from the value on row { $other } of the same service; a service has one value here
rule-mixed-date-formats = “{ $value }” is not written like the file's other dates ({ $expected }, first seen at row { $other }); choose one format or force it with --date-format
rule-changed-since-batch = { $value } changed after the batch (now version { $version }, the batch left version { $other }); undo refused
rule-batch-already-undone = the batch { $value } was already undone by batch { $other }
rule-unknown-batch = there is no batch “{ $value }” (see “entrack import batches”)
rule-unreadable-file = the file cannot be read: { $value }

auto-note-new-seats = { $count } new entitlements added; intent not yet known

cli-store-ready = Store { $path } is ready (schema version { $version }).
cli-migrated = Copied { $tenants } tenants, { $services } services with { $rows } status rows, { $events } events, { $batches } batches and { $users } users from { $from } to { $to }; both read back the same.
cli-backup-written = A consistent copy of the store is in { $path }.
cli-backup-postgres = A PostgreSQL store is backed up with the server's own tools: pg_dump --format=custom --file=entrack.dump "$ENTRACK_DB" (see the README).
cli-tenant-added = Added tenant { $name } ({ $id }).
cli-saved = Saved { $service } of { $tenant } as version { $version }.
cli-no-change = Nothing changed: { $service } of { $tenant } already holds this (version { $version }).
cli-rejected = Rejected; nothing was written:
cli-invalid-json = the status rows are not valid JSON ({ $detail }); expected an array of row objects
cli-total = Total
cli-no-events = No history yet.
cli-not-at = { $service } of { $tenant } did not exist at { $at }.
cli-import-summary = { $rows } rows read: { $tenants } tenants and { $created } services created, { $changed } services changed, { $unchanged } unchanged, { $rejected } rejected.
cli-import-warnings = Accepted, but { $count } changed rows have a poor note (this organisation allows them):
cli-import-written = Written as batch { $batch } (undo with “entrack import undo { $batch }”).
cli-dry-run = Dry run: nothing was written.
cli-nothing-changed = Nothing was written: the store already holds all of it.
cli-import-refused = Nothing was written because of the errors above; fix them, or import the valid services with --skip-invalid.
cli-errors-more = … and { $count } more (write them all with --errors FILE).
cli-errors-written = Errors written to { $path }.
cli-file-error-at = row { $row }
cli-need-actor = say who makes the change with --as USER or ENTRACK_USER
cli-feed-summary = { $lines } feed lines: { $tenants } tenants and { $created } services created, { $changed } totals changed, { $unchanged } unchanged, { $flagged } flagged for review, { $rejected } rejected.
cli-export-summary = Exported { $rows } rows of { $services } services to { $path }.
cli-undo-done = Batch { $batch } undone as batch { $undo }: { $restored } services restored, { $removed } services and { $tenants } tenants removed.
cli-no-batches = No batches yet.
cli-no-review = No service is flagged for review.
err-tenant-not-found = no tenant has the id or name “{ $key }” (see “entrack tenant list”)
err-service-not-found = tenant { $tenant } has no entitlements for { $service }; set them first with “entrack entitlement set”
err-tenant-ambiguous = { $count } tenants are named “{ $key }”; use the tenant id
err-conflict = { $what } was changed by someone else meanwhile (now version { $version }); read it again and retry
err-store = the store cannot be used: { $detail }
err-input = cannot read { $path }: { $detail }
err-db-scheme = “{ $scheme }://” is not a store entrack knows. Use a file path or sqlite://PATH for the embedded store, or postgres://USER@HOST:PORT/DATABASE for PostgreSQL.

## HTTP API problems
api-not-found = Not found: { $what }.
api-precondition-required = This change needs an If-Match header with the ETag of the service as you read it.
api-stale = { $what } was changed by someone else: it is now at version { $version }. Read it again and reapply your change.
api-rejected = The change breaks { $count } rule(s); nothing was saved.
api-bad-request = The request could not be read: { $detail }
api-exists = { $what } already exists.
api-internal = Something went wrong on the server; nothing was saved. The request id is in the x-request-id header.
cli-serve-loopback = { $address } is not a loopback address. Plain HTTP carries passwords and session cookies in the clear, so entrack serve listens only on this machine (127.0.0.1 or ::1) unless a TLS proxy stands in front (--behind-tls).
cli-serve-bind = Cannot listen on { $address }: { $detail }
cli-serve-listening = Serving the entrack API on http://{ $address } (Ctrl-C to stop).
api-unauthorized = Sign in first: send a session cookie from /api/v1/login or an API token as “Authorization: Bearer …”.
api-forbidden = Not allowed: { $what }.
api-csrf = This change came with a session cookie but without the matching X-CSRF-Token header, or from another site; nothing was saved.
api-throttled = Too many sign-in attempts; try again in { $seconds } seconds.
api-login-failed = The user name or the password is wrong.
api-idempotency-mismatch = The Idempotency-Key { $key } was already used for a different request; use a new key for a new request.
api-idempotency-busy = A request with the Idempotency-Key { $key } is still being processed; retry when it has finished.
api-password-weak = The password is too weak: { $detail }
cli-unknown-user = “{ $user }” is not a user of this store. Once a store has users, changes are made as one of them (see “entrack user list”).
cli-role-from-account = { $user } acts as { $role }, the role of the account; leave out --role.
cli-unknown-org = There is no organisation “{ $org }” (see “entrack org list”).
cli-password-empty = No password on standard input; pipe one line, e.g. printf "%s\n" "$PASSWORD" | entrack user add …
cli-bad-name = A name needs 1 to 200 characters and no control characters.
cli-bad-username = A user name uses letters, digits and . - _ @ (at most 200).
cli-note-grade = Note of row { $row }: { $grade }
cli-org-added = Organisation { $org } created (number { $id }).
cli-org-poor-notes-allowed = { $org }: status rows may now be saved with a poor note; imports list them as warnings.
cli-org-poor-notes-refused = { $org }: a changed status row with a poor note is refused.
cli-user-added = User { $user } created as { $role } in { $org }.
cli-password-set = Password of { $user } set.
cli-token-created = Token { $id } for { $user } created. It is shown only this once: keep it safe.
cli-token-revoked = Token { $id } revoked.
cli-assign-role = Users are assigned as assignment-fm, delivery-fm or account-team.
cli-assign-other-org = { $user } belongs to another organisation than tenant { $tenant }.
cli-assigned = { $user } assigned to { $tenant } as { $role } (assignment { $id }).
cli-unassigned = Assignment { $id } removed.
cli-serve-no-users = This store has no users yet: nobody can sign in. Create the first admin with: entrack user add NAME --role admin --password-stdin
suggest-grade-great = Great: the note states the intent and the reason.
suggest-grade-marginal = Marginal: the note needs work.
suggest-grade-poor = Poor: this note cannot be saved as it is.
suggest-empty = the note is empty
suggest-too-short = too short to say what the customer intends and why
suggest-bare-status = only status words (“{ $found }”): say what is going on and why
suggest-logistics = engagement logistics (“{ $found }”) belong in an engagement management note, not in the service intent note
suggest-no-reason = no reason given: say why (because …, due to …, until …)
suggest-hedge = a hedge (“{ $found }”): use decisive wording
suggest-too-long = so long that the point is buried: two sentences are enough

# Web UI
ui-skip = Skip to content
ui-nav = Main
ui-portfolio = Portfolio
ui-dashboard = Dashboard
ui-taxonomy = Taxonomy
ui-language = Language
ui-sign-out = Sign out
ui-sign-in = Sign in
ui-username = User name
ui-password = Password
ui-search = Search
ui-search-hint = Name or tenant id
ui-any = any
ui-service = Service
ui-owner = Owner
ui-overdue = Next action overdue
ui-tenant = Tenant
ui-tenant-id = Tenant id
ui-services = Services
ui-seats = Seats
ui-split = Seats by L1
ui-no-tenants = No tenant matches.
ui-next-page = Next page
ui-target-date = Target date
ui-next-action = Next action
ui-next-action-date = Next action date
ui-note = Note
ui-history = History
ui-edit = Edit
ui-view = View
ui-no-services = No service entitlements yet.
ui-total = Total
ui-stale = Someone else changed this service after you opened it; nothing of yours was saved. Their change is below: check it, then save again.
ui-row = Row
ui-suggest = Suggest
ui-remove-row = Remove row
ui-accept = Accept
ui-sum = Sum of seats
ui-add-row = Add row
ui-save = Save
ui-read-only = You can view this service; only an assigned user changes it.
ui-saved = Saved.
ui-no-history = No changes yet.
ui-exclude-invalid = Leave out Duplicate/Invalid
ui-include-invalid = Include Duplicate/Invalid
ui-download-csv = Download as CSV
ui-seats-by-l1 = Seats by L1 per service
ui-blocked-no-intent = Blocked and No Intent by L2
ui-code = Code
ui-all-services = all services
