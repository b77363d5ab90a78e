-- ARGV: room, uid, before (a message id), limit. Answers {more (0|1), message_json...}.
local room, uid, before, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local h, err = room_access(room, uid)
if not h then return err end
if before == '0-0' then return {0} end -- nothing comes before the first possible id
local entries = redis.call('XREVRANGE', 'room:' .. room .. ':log', '(' .. before, '-',
  'COUNT', limit + 1)
local more = 0
if #entries > limit then more = 1 end
local out = {more}
append_messages(out, entries, math.min(#entries, limit))
return out
