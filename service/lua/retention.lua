--! family safety
--! key rooms rooms
--! key audit audit
--! key reports reports
--! key open reports:open
--! key lock retention:lock
--! arg node id
--! arg cutoff int
--! arg lock_ms int
--! scans room:{<id>}, its log, hidden and audit keys; report:<id>, reporters:{<room>}:<id>;
--! scans a purged room's polls (and pollroom:<poll>), session, hands, breakout and impact keys
-- The retention purge, run by one node per period (the lock, held lock_ms): the messages of
-- rooms closed before cutoff (ms), audit entries older than cutoff, and reports resolved
-- before cutoff. Room records stay (titles for the audit log and reports); a purged room's
-- polls (with their ballots), live-session state, breakout placements and impact facts go
-- with its messages.
-- Answers {"ran":bool,"rooms":n,"messages":n,"audit":n,"reports":n}.
if not redis.call('SET', KEY.lock, node, 'NX', 'PX', lock_ms) then return '{"ran":false}' end
local out = { rooms = 0, messages = 0, audit = 0, reports = 0 }
local minid = string.format('%.0f', cutoff)
for _, id in ipairs(redis.call('ZRANGE', KEY.rooms, 0, -1)) do
  local h = redis.call('HMGET', key.room(id), 'state', 'closed_at', 'ends_at')
  local closed = tonumber(h[2] or '') or tonumber(h[3] or '')
  local kept = redis.call('EXISTS', key.log(id), key.impact(id)) > 0
  if h[1] == 'closed' and closed and closed < cutoff and kept then
    out.messages = out.messages + redis.call('XLEN', key.log(id))
    redis.call('DEL', key.log(id), key.hidden(id))
    for _, poll in ipairs(redis.call('ZRANGE', key.polls(id), 0, -1)) do
      redis.call('DEL', key.poll(id, poll), key.ballots(id, poll), key.voters(id, poll))
      redis.call('DEL', 'pollroom:' .. poll)
    end
    redis.call('DEL', key.polls(id), key.session(id), key.hands(id))
    redis.call('DEL', key.breakout(id), key.breakout_who(id), key.impact(id))
    redis.call('HSET', key.room(id), 'purged_at', now_ms())
    out.rooms = out.rooms + 1
  end
  out.audit = out.audit + redis.call('XTRIM', key.audit(id), 'MINID', minid)
end
out.audit = out.audit + redis.call('XTRIM', KEY.audit, 'MINID', minid)
for _, id in ipairs(redis.call('ZRANGE', KEY.reports, 0, -1)) do
  local r = redis.call('HMGET', key.report(id), 'state', 'resolution', 'room', 'j')
  local at = r[2] and cjson.decode(r[2]).at
  if r[1] == 'resolved' and at and at < cutoff then
    local msg = cjson.decode(r[4]).message
    redis.call('DEL', key.report(id), key.reporters(r[3], msg))
    redis.call('ZREM', KEY.reports, id)
    redis.call('ZREM', KEY.open, id)
    out.reports = out.reports + 1
  end
end
-- "ran" first: the node reads it without parsing (store_answer_flag).
return string.format(
  '{"ran":true,"rooms":%d,"messages":%d,"audit":%d,"reports":%d}',
  out.rooms,
  out.messages,
  out.audit,
  out.reports
)
