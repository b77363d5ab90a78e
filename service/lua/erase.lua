--! family accounts
--! key user user:$uid
--! arg mode id
--! arg uid id
--! arg max_fails int
--! arg window_ms int
--! scans rooms, every room's log and audit, audit, reports and report:<id>, match:*,
--! scans email:, lfail:, users:<role>, every key holding the uid (SCAN)
-- account.delete. mode check counts a password attempt against the sign-in failures of the
-- email (max_fails in window_ms) and answers {"pw":<hash>}, or !rate_limited ms, or
-- !conflict while a report about the person is open; mode erase erases the account
-- everywhere (docs/privacy.md) and answers {}.
local email = redis.call('HGET', KEY.user, 'email')
if not email then return '!unauthorized' end
if mode == 'check' then
  local refused = erase_blocked(uid) or count_attempt('lfail:' .. email, max_fails, window_ms)
  if refused then return refused end
  return cjson.encode({ pw = redis.call('HGET', KEY.user, 'pw') or '' })
end
local now = now_ms()
erase_account(uid, now)
audit_write({ ts = now, actor = { id = erased_id(), name = '' }, action = 'account.delete' })
return '{}'
