--! family session
--! key room room:{$room}
--! key session session:{$room}
--! key hands hands:{$room}
--! key user user:$uid
--! key impact impact:{$room}
--! arg action str
--! arg room id
--! arg uid id
--! scans user:<uid> of the hands queue and the floor
-- A participant's side of a live session, in a room they joined: get (the state, with their
-- own hand), raise, lower. Answers {"session":{...},"hand":{raised, position},"server_now"}
-- for get, {"hand":{...}} otherwise.
if redis.call('EXISTS', KEY.user) == 0 then return '!unauthorized' end
local h, err = room_access(room, uid, { 'state' })
if not h then return err end

local function hand()
  local rank = redis.call('ZRANK', KEY.hands, uid)
  if not rank then return '{"raised":false}' end
  return '{"raised":true,"position":' .. (rank + 1) .. '}'
end

if action == 'get' then
  return '{"session":'
    .. session_json(room)
    .. ',"hand":'
    .. hand()
    .. ',"server_now":'
    .. now_ms()
    .. '}'
end
if h.state == 'closed' then return '!room_closed' end
if action == 'raise' then
  if not redis.call('ZSCORE', KEY.hands, uid) then
    local seq = redis.call('HINCRBY', KEY.session, 'hseq', 1)
    redis.call('ZADD', KEY.hands, seq, uid)
    redis.call('HSET', KEY.session, 'h:' .. uid, now_ms())
    redis.call('HINCRBY', KEY.impact, 'h:' .. uid, 1)
    publish_hands(room, uid, true)
  end
elseif action == 'lower' then
  hand_lower(room, uid)
else
  return '!bad_request'
end
return '{"hand":' .. hand() .. '}'
