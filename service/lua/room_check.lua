--! family rooms
--! key room room:{$room}
--! arg room id
-- Whether a room exists, for a request on a room the connection has not joined.
-- Answers {"exists":bool}.
return '{"exists":' .. tostring(redis.call('EXISTS', KEY.room) == 1) .. '}'
