--! family accounts
--! key user user:$uid
--! key rooms rooms
--! key reports reports
--! key audit audit
--! key st match:st:$uid
--! key mentees match:mentees:$uid
--! arg uid id
--! list messages matches reports moderation consent_history
--! scans room:{<id>} and its log; report:<id>; match:<id>; match:st:<mentee>
-- Everything stored about one person (account.export). It walks every room's log, the
-- reports and the audit log: a rare request, read-only. Reports carry no snapshot (those are
-- other people's words); matches name the other person by id only.
-- Answers {"account":{...},"profile":...,"matching":{...}}, messages (each with its room's
-- title), matches, reports, moderation (audit entries about the person), consent_history
-- (each consent given or withdrawn: what, given, at, by).
local u = hash(KEY.user)
if not u.email then return '!not_found|No such account.' end
local account = {
  id = uid,
  email = u.email,
  name = u.name,
  role = u.role,
  created_at = num(u.created),
  birth_year = num(u.birth_year),
  country = u.country or '',
}
-- guardian: none (not needed), pending or given; the consents as they are now.
local c = consents_of(uid)
account.guardian = c.guardian ~= '' and c.guardian or 'none'
account.consents = { rooms = c.rooms, matching = c.matching }
local consent_history = {}
if u.consent_log and u.consent_log ~= '' then
  for _, e in ipairs(cjson.decode(u.consent_log)) do
    consent_history[#consent_history + 1] = cjson.encode(e)
  end
end

local messages = {}
for _, room in ipairs(redis.call('ZRANGE', KEY.rooms, 0, -1)) do
  local title = redis.call('HGET', key.room(room), 'title') or ''
  local prefix = '{"room_title":' .. cjson.encode(title) .. ','
  for _, e in ipairs(redis.call('XRANGE', key.log(room), '-', '+')) do
    local f = e[2]
    if f[3] == 'u' and f[4] == uid and f[1] == 'j' then
      messages[#messages + 1] = prefix .. string.sub(f[2], 2)
    end
  end
end

local function match_of(id)
  local m = hash('match:' .. id)
  if not m.mentor then return nil end
  return cjson.encode({
    id = id,
    mentor = m.mentor,
    mentee = m.mentee,
    room = m.room,
    created_at = num(m.created),
  })
end
local matches = {}
local st = hash(KEY.st)
if st.match and st.match ~= '' then matches[#matches + 1] = match_of(st.match) end
for _, mentee in ipairs(redis.call('SMEMBERS', KEY.mentees)) do
  local id = redis.call('HGET', 'match:st:' .. mentee, 'match')
  if id then matches[#matches + 1] = match_of(id) end
end

local reports = {}
for _, id in ipairs(redis.call('ZRANGE', KEY.reports, 0, -1)) do
  local r = redis.call('HMGET', key.report(id), 'reporter', 'j', 'state')
  if r[1] == uid then
    local o = cjson.decode(r[2])
    o.reporter, o.author = nil, nil
    o.state = r[3]
    reports[#reports + 1] = cjson.encode(o)
  end
end

local moderation = {}
local needle = '"target":' .. cjson.encode(uid)
for _, e in ipairs(redis.call('XRANGE', KEY.audit, '-', '+')) do
  if string.find(e[2][2], needle, 1, true) then moderation[#moderation + 1] = e[2][2] end
end

local matching = cjson.null
if st.status then
  matching = {
    status = st.status,
    requested_at = num(st.requested_at),
    declines = num(st.declines),
  }
end
local head = cjson.encode({ account = account, matching = matching, exported_at = now_ms() })
head = string.sub(head, 1, -2) .. ',"profile":' .. (u.profile or 'null') .. '}'
return answer(
  head,
  'messages',
  messages,
  'matches',
  matches,
  'reports',
  reports,
  'moderation',
  moderation,
  'consent_history',
  consent_history
)
