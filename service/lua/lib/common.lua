-- Shared by every script (prepended at build time, before the lines that bind KEY and the
-- arguments declared by the script's --! lines). A script answers a refusal as the string
-- "!code [retry_after_ms][|message]", else with answer(): a head (a JSON object text) and
-- its declared lists. Keys of one room carry the room id as a hash tag.

-- Keys a script finds from data (the rest come in KEYS, from the --! key lines).
local key = {}
function key.room(id) return 'room:{' .. id .. '}' end
function key.log(id) return 'room:{' .. id .. '}:log' end
function key.pres(id) return 'pres:{' .. id .. '}' end
function key.mute(id, uid) return 'mute:{' .. id .. '}:' .. uid end
function key.ban(id, uid) return 'ban:{' .. id .. '}:' .. uid end
function key.slow(id, uid) return 'slow:{' .. id .. '}:' .. uid end
function key.audit(id) return 'audit:{' .. id .. '}' end
function key.user(uid) return 'user:' .. uid end
function key.report(id) return 'report:' .. id end
function key.hidden(room) return 'hidden:{' .. room .. '}' end
function key.reporters(room, id) return 'reporters:{' .. room .. '}:' .. id end

-- The event kinds that travel between nodes, as the header line of a published payload
-- ("kind[ arg]\njson"). service/event.h names the same ones for C.
local EV = {
  message = 'm', -- on ev:room:<id>, arg the message id
  presence = 'p', -- arg the uid it is about
  typing = 't', -- arg the uid
  other = 'x', -- room.updated, message.deleted, announcement
  revoke = 'r', -- on ev:user:<uid>, arg the token id
  role = 'o', -- arg the new role
  kick = 'k', -- arg the room
  user = 'e', -- an event for every participant connection of the person
  admin = 'a', -- on ev:admin:all, for every signed-in admin connection
}

local function publish(channel, kind, arg, json)
  local hdr = kind
  if arg then hdr = kind .. ' ' .. arg end
  redis.call('PUBLISH', channel, hdr .. '\n' .. (json or ''))
end

local function publish_user(uid, kind, arg, json) publish('ev:user:' .. uid, kind, arg, json) end

-- An event for every admin connection signed in on any node.
local function publish_admin(json) publish('ev:admin:all', EV.admin, nil, json) end

-- The one answer shape: answer('{"a":1}', 'name', {items...}, ...) as declared by --! list.
local function answer(head, ...)
  local out, lists = { head }, { ... }
  for i = 1, #lists, 2 do
    out[#out + 1] = lists[i]
    out[#out + 1] = #lists[i + 1]
    for _, v in ipairs(lists[i + 1]) do
      out[#out + 1] = v
    end
  end
  return out
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function hash(k)
  local f = redis.call('HGETALL', k)
  local t = {}
  for i = 1, #f, 2 do
    t[f[i]] = f[i + 1]
  end
  return t
end

local function num(s)
  local n = tonumber(s)
  if n == nil then return cjson.null end
  return n
end

local function id_str(ms, seq) return string.format('%.0f-%.0f', ms, seq) end

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

-- The UTC year of a time in ms (civil from days: the Gregorian calendar, years from March).
local function year_of(ms)
  local z = math.floor(ms / 86400000) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor(
    (doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365
  )
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local y = yoe + era * 400
  if math.floor((5 * doy + 2) / 153) >= 10 then y = y + 1 end -- January or February
  return y
end

-- Under 18 in year, by the stored birth_year ('' or nil: not given, an adult). Only the year
-- of birth is known, so someone counts as under 18 until the end of the year they turn 18.
local function is_minor(born, year)
  local b = tonumber(born or '')
  return b ~= nil and year - b <= 18
end

-- The name other participants see: the first word of the name of someone under 18.
local function shown_name(name, born, year)
  if is_minor(born, year) then return string.match(name, '%S+') or name end
  return name
end

-- A person as other participants see them; year: the current one (nil: asks Redis).
local function user_obj(uid, year)
  local u = redis.call('HMGET', key.user(uid), 'name', 'role', 'birth_year', 'country')
  return {
    id = uid,
    name = shown_name(u[1] or '', u[3], year or year_of(now_ms())),
    role = u[2] or 'mentee',
    country = u[4] or '',
  }
end

-- users present in a room through live nodes: set of uid, count
local function present(room, now)
  local f = redis.call('HGETALL', key.pres(room))
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

-- The room hash, or an error string: not_found, forbidden (someone else's mentorship room).
-- With fields (a list of names), only those, title, kind and members are read.
local function room_access(room, uid, fields)
  local h
  if fields then
    local names = { 'title', 'kind', 'members', unpack(fields) }
    local v = redis.call('HMGET', key.room(room), unpack(names))
    h = {}
    for i = 1, #names do
      if v[i] then h[names[i]] = v[i] end
    end
  else
    h = hash(key.room(room))
  end
  if h.title == nil then return nil, '!not_found|No such room.' end
  if h.kind == 'mentorship' and not is_member(h, uid) then
    return nil, '!forbidden|This private room belongs to a mentor and a mentee.'
  end
  return h
end

-- A room as the protocol shows it (a table; room_json encodes it).
local function room_obj(room, h, online)
  return {
    id = room,
    title = h.title or '',
    topic = h.topic or '',
    kind = h.kind or 'exchange',
    state = h.state or 'open',
    starts_at = num(h.starts_at),
    ends_at = num(h.ends_at),
    online = online,
    slow_mode = tonumber(h.slow or '0'),
    contact_allowed = h.contact_ok == '1',
  }
end

local function room_json(room, h, online) return cjson.encode(room_obj(room, h, online)) end

local function publish_room(room, kind, arg, json) publish('ev:room:' .. room, kind, arg, json) end

-- The message event of a stored message (j: its JSON), as say sends it and catch-up resends it.
local function message_event(room, j)
  return '{"type":"message","room":' .. cjson.encode(room) .. ',"message":' .. j .. '}'
end

local function publish_presence(room, uid, state)
  publish_room(
    room,
    EV.presence,
    uid,
    cjson.encode({ type = 'presence', room = room, user = user_obj(uid), state = state })
  )
end

-- Appends the messages of stream entries n..1 (a newest-first list) to out, oldest first,
-- leaving out the ids in skip (a set, or nil).
local function append_messages(out, entries, n, skip)
  for i = n, 1, -1 do
    local e = entries[i][2]
    for k = 1, #e, 2 do
      if e[k] == 'j' and not (skip and skip[entries[i][1]]) then out[#out + 1] = e[k + 1] end
    end
  end
end

-- The set of message ids hidden in a room (its hidden:{room} key), or nil when none.
local function hidden_set(k)
  local ids = redis.call('SMEMBERS', k)
  if #ids == 0 then return nil end
  local s = {}
  for _, id in ipairs(ids) do
    s[id] = true
  end
  return s
end

-- A report as facilitators see it (JSON text), or nil when there is none with this id.
local function report_json(id)
  local r = redis.call('HMGET', key.report(id), 'j', 'state', 'resolution', 'snapshot')
  if not r[1] then return nil end
  local o = cjson.decode(r[1])
  o.state = r[2]
  if r[3] then o.resolution = cjson.decode(r[3]) end
  o.reporters = redis.call('SCARD', key.reporters(o.room, o.message))
  o.hidden = redis.call('SISMEMBER', key.hidden(o.room), o.message) == 1
  local j = cjson.encode(o)
  return string.sub(j, 1, -2) .. ',"snapshot":' .. r[4] .. '}'
end
