-- Shared by every script (prepended at build time). Keys:
--   user:<uid> hash, email:<email> -> uid, users set, room:<id> hash, rooms zset,
--   room:<id>:log stream, pres:<room> hash "<node>|<uid>" -> connections,
--   noderooms:<node> set, nodes zset (score = heartbeat expiry, ms).
-- A script answers an error as the string "!code [retry_after_ms][|message]".
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function hash(key)
  local f = redis.call('HGETALL', key)
  local t = {}
  for i = 1, #f, 2 do t[f[i]] = f[i + 1] end
  return t
end

local function num(s)
  local n = tonumber(s)
  if n == nil then return cjson.null end
  return n
end

local function id_str(ms, seq)
  return string.format('%.0f-%.0f', ms, seq)
end

local function id_parse(s)
  local ms, seq = string.match(s or '', '^(%d+)-(%d+)$')
  return tonumber(ms or 0), tonumber(seq or 0)
end

-- a < b for stream ids
local function id_less(a, b)
  local am, as = id_parse(a)
  local bm, bs = id_parse(b)
  return am < bm or (am == bm and as < bs)
end

local function user_obj(uid)
  local u = redis.call('HMGET', 'user:' .. uid, 'name', 'role')
  return {id = uid, name = u[1] or '', role = u[2] or 'mentee'}
end

-- users present in a room through live nodes: set of uid, count
local function present(room, now)
  local f = redis.call('HGETALL', 'pres:' .. room)
  local live, users, n = {}, {}, 0
  for i = 1, #f, 2 do
    local node, uid = string.match(f[i], '^(.*)|(.*)$')
    if node then
      if live[node] == nil then
        local exp = redis.call('ZSCORE', 'nodes', node)
        live[node] = exp ~= false and tonumber(exp) >= now
      end
      if live[node] and tonumber(f[i + 1]) > 0 and not users[uid] then
        users[uid] = true
        n = n + 1
      end
    end
  end
  return users, n
end

local function is_member(h, uid)
  return string.find(',' .. (h.members or '') .. ',', ',' .. uid .. ',', 1, true) ~= nil
end

-- the room hash, or an error string: not_found, forbidden (someone else's mentorship room)
local function room_access(room, uid)
  local h = hash('room:' .. room)
  if h.title == nil then return nil, '!not_found|No such room.' end
  if h.kind == 'mentorship' and not is_member(h, uid) then
    return nil, '!forbidden|This private room belongs to a mentor and a mentee.'
  end
  return h
end

local function room_json(room, h, online)
  return cjson.encode({id = room, title = h.title or '', topic = h.topic or '',
    kind = h.kind or 'exchange', state = h.state or 'open', starts_at = num(h.starts_at),
    ends_at = num(h.ends_at), online = online, slow_mode = tonumber(h.slow or '0')})
end

local function publish_room(room, hdr, json)
  redis.call('PUBLISH', 'ev:room:' .. room, hdr .. '\n' .. json)
end

local function publish_presence(room, uid, state)
  publish_room(room, 'p ' .. uid, cjson.encode({type = 'presence', room = room,
    user = user_obj(uid), state = state}))
end

-- Appends the messages of stream entries n..1 (a newest-first list) to out, oldest first.
local function append_messages(out, entries, n)
  for i = n, 1, -1 do
    local e = entries[i][2]
    for k = 1, #e, 2 do
      if e[k] == 'j' then out[#out + 1] = e[k + 1] end
    end
  end
end
