--! family rooms
--! key room room:{$room}
--! key log room:{$room}:log
--! key hidden hidden:{$room}
--! arg room id
--! arg uid id
--! arg before str
--! arg limit int
--! list messages
-- A page of messages before a message id. Answers {"more":bool}, messages.
local h, err = room_access(room, uid)
if not h then return err end
if before == '0-0' then return answer('{"more":false}', 'messages', {}) end -- nothing before
local entries = redis.call('XREVRANGE', KEY.log, '(' .. before, '-', 'COUNT', limit + 1)
local messages = {}
append_messages(messages, entries, math.min(#entries, limit), hidden_set(KEY.hidden))
return answer('{"more":' .. tostring(#entries > limit) .. '}', 'messages', messages)
