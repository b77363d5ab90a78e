--! family admin
--! key rooms rooms
--! key users users
--! key actor user:$actor_id
--! arg actor_id id
--! arg actor_name str
--! arg action str
--! arg new_id id
--! arg jti str
--! arg fields list
--! scans room:{<id>} of the rooms named or listed, user:<uid> of the people named or listed,
--! scans audit
-- Cohort tags (admin cohort.set, cohort.clear, cohort.list; the arguments of admin.lua): the
-- `cohort` field of room:{<id>} and of user:<uid>. fields: cohort.set's cohort, then the
-- room ids and the user ids as comma lists (the node checked the name and the ids);
-- cohort.clear's rooms and users. Answers {cohort, rooms, users}, {rooms, users} or
-- {cohorts: [{name, rooms, people}]}.
local now = now_ms()
local actor_role, refused = staff_actor(actor_id, jti)
if not actor_role then return refused end

-- Every id exists (rooms: exchange rooms only) before anything changes.
local function check(rooms, users)
  for _, id in ipairs(rooms) do
    local kind = redis.call('HMGET', key.room(id), 'title', 'kind')
    if not kind[1] then return '!not_found|No such room: ' .. id .. '.' end
    if kind[2] and kind[2] ~= 'exchange' then
      return '!bad_request|Only exchange rooms belong to a cohort: ' .. id .. '.'
    end
  end
  for _, uid in ipairs(users) do
    if redis.call('EXISTS', key.user(uid)) == 0 then
      return '!not_found|No such user: ' .. uid .. '.'
    end
  end
  return nil
end

-- Tags (name) or untags (nil) each room and person; consoles hear of each room's change.
local function tag(rooms, users, name)
  for _, id in ipairs(rooms) do
    if name then
      redis.call('HSET', key.room(id), 'cohort', name)
    else
      redis.call('HDEL', key.room(id), 'cohort')
    end
    local _, online = present(id, now)
    local j = room_json(id, hash(key.room(id)), online)
    publish_room(id, EV.other, nil, '{"type":"room.updated","room":' .. j .. '}')
  end
  for _, uid in ipairs(users) do
    if name then
      redis.call('HSET', key.user(uid), 'cohort', name)
    else
      redis.call('HDEL', key.user(uid), 'cohort')
    end
  end
end

local function counted(name, rooms, users)
  local detail = string.format('%d rooms, %d people', #rooms, #users)
  if name then detail = name .. ': ' .. detail end
  audit_add(now, actor_id, actor_name, action, '', '', detail)
  local o = { rooms = #rooms, users = #users }
  o.cohort = name
  return cjson.encode(o)
end

if action == 'cohort.set' then
  local name, rooms, users = fields[1], comma_list(fields[2]), comma_list(fields[3])
  local err = check(rooms, users)
  if err then return err end
  tag(rooms, users, name)
  return counted(name, rooms, users)
elseif action == 'cohort.clear' then
  local rooms, users = comma_list(fields[1]), comma_list(fields[2])
  local err = check(rooms, users)
  if err then return err end
  tag(rooms, users, nil)
  return counted(nil, rooms, users)
elseif action ~= 'cohort.list' then
  return '!bad_request'
end

-- cohort.list: every tag in use, with its rooms and its people (staff left out).
local by = {}
local function entry(name)
  by[name] = by[name] or { name = name, rooms = 0, people = 0 }
  return by[name]
end
for _, id in ipairs(redis.call('ZRANGE', KEY.rooms, 0, -1)) do
  local c = redis.call('HGET', key.room(id), 'cohort')
  if c then
    local e = entry(c)
    e.rooms = e.rooms + 1
  end
end
for _, uid in ipairs(redis.call('SMEMBERS', KEY.users)) do
  local u = redis.call('HMGET', key.user(uid), 'cohort', 'role')
  if u[1] and not is_staff(u[2]) then
    local e = entry(u[1])
    e.people = e.people + 1
  end
end
local out = {}
for _, e in pairs(by) do
  out[#out + 1] = e
end
table.sort(out, function(a, b) return a.name < b.name end)
local items = {}
for i, e in ipairs(out) do
  items[i] = cjson.encode(e)
end
return '{"cohorts":[' .. table.concat(items, ',') .. ']}'
