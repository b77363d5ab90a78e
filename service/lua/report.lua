--! family safety
--! key room room:{$room}
--! key log room:{$room}:log
--! key reporters reporters:{$room}:$message
--! key hidden hidden:{$room}
--! key rate reportrate:$uid
--! key report report:$new_id
--! key reports reports
--! key open reports:open
--! key user user:$uid
--! arg room id
--! arg uid id
--! arg name str
--! arg message str
--! arg reason id
--! arg note str
--! arg new_id id
--! arg hide_at int
--! arg per_hour int
-- A participant reports a message: the report keeps the message and the 10 before it, so a
-- later delete does not destroy the evidence. hide_at: distinct reporters that hide the
-- message until reviewed; per_hour: reports a person may make in an hour.
-- Answers {"report":{id, room, message, reason, state}}.
if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
local h, err = room_access(room, uid)
if not h then return err end
local found = redis.call('XRANGE', KEY.log, message, message)
if #found == 0 then return '!not_found|No such message in this room.' end
local author = ''
for k = 1, #found[1][2], 2 do
  if found[1][2][k] == 'u' then author = found[1][2][k + 1] end
end
if author == uid then return '!forbidden|You cannot report your own message.' end
if redis.call('SISMEMBER', KEY.reporters, uid) == 1 then
  return '!conflict|You have already reported this message.'
end
local refused = count_attempt(KEY.rate, per_hour, 3600000)
if refused then return refused end

local now = now_ms()
local snap = {}
local before = redis.call('XREVRANGE', KEY.log, message, '-', 'COUNT', 11)
append_messages(snap, before, #before)
local r = {
  id = new_id,
  room = room,
  room_title = h.title,
  message = message,
  author = author,
  reason = reason,
  note = note,
  reporter = { id = uid, name = name },
  created_at = now,
}
redis.call(
  'HSET',
  KEY.report,
  'j',
  cjson.encode(r),
  'state',
  'open',
  'room',
  room,
  'reporter',
  uid,
  'author',
  author,
  'snapshot',
  '[' .. table.concat(snap, ',') .. ']'
)
redis.call('ZADD', KEY.reports, now, new_id)
redis.call('ZADD', KEY.open, now, new_id)
redis.call('SADD', KEY.reporters, uid)
if
  redis.call('SCARD', KEY.reporters) >= hide_at and redis.call('SADD', KEY.hidden, message) == 1
then
  publish_room(
    room,
    EV.other,
    nil,
    cjson.encode({ type = 'message.hidden', room = room, id = message })
  )
end
publish_admin('{"type":"report.new","report":' .. report_json(new_id) .. '}')
return cjson.encode({
  report = { id = new_id, room = room, message = message, reason = reason, state = 'open' },
})
