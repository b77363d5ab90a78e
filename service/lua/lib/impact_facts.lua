-- Shared by the scripts (after common.lua): the facts the impact reports count.

-- Programme impact facts (docs/impact.md), per room in impact:{<room>}: a:<uid> the
-- presence spans of a non-staff person in an exchange room ("start-end,start-end,start",
-- ms; the last one open while they are there), m:<uid> messages sent (say.lua), h:<uid>
-- hands raised, b:<uid> breakout placements, rounds (breakouts run) and groups (their group
-- rooms, a comma list). Erasure takes the person's fields out; retention the whole key.
function key.impact(room) return 'impact:{' .. room .. '}' end

-- Whether the presence of uid in room is recorded: non-staff people in exchange rooms.
local function impact_counts(room, uid)
  local kind = redis.call('HGET', key.room(room), 'kind')
  if kind and kind ~= 'exchange' then return false end
  return not is_staff(redis.call('HGET', key.user(uid), 'role'))
end

-- uid is now present in room (their first connection on a live node): a span opens. Past
-- 100 spans the last one is reopened instead, so a flaky connection cannot grow the field.
local function impact_joined(room, uid, now)
  if not impact_counts(room, uid) then return end
  local f = 'a:' .. uid
  local spans = redis.call('HGET', key.impact(room), f) or ''
  local last = string.match(spans, '[^,]*$')
  if spans ~= '' and not string.find(last, '-', 1, true) then return end -- open already
  if spans == '' then
    spans = string.format('%.0f', now)
  elseif select(2, string.gsub(spans, ',', '')) >= 99 then
    spans = string.gsub(spans, '%-%d+$', '')
  else
    spans = spans .. ',' .. string.format('%.0f', now)
  end
  redis.call('HSET', key.impact(room), f, spans)
end

-- uid has no connection left in room: their open span closes.
local function impact_left(room, uid, now)
  local f = 'a:' .. uid
  local spans = redis.call('HGET', key.impact(room), f)
  if not spans or string.find(string.match(spans, '[^,]*$'), '-', 1, true) then return end
  redis.call('HSET', key.impact(room), f, spans .. '-' .. string.format('%.0f', now))
end

-- Erasure: the person's facts in room.
local function impact_forget(room, uid)
  redis.call('HDEL', key.impact(room), 'a:' .. uid, 'm:' .. uid, 'h:' .. uid, 'b:' .. uid)
end
