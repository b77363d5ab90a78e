--! family accounts
--! key email email:$email
--! key user user:$uid
--! key users users
--! key by_role users:$role
--! arg email str
--! arg uid id
--! arg name str
--! arg role id
--! arg pw str
--! arg birth_year str
--! arg country str
--! arg guardian id
--! arg rooms bool
--! arg matching bool
-- Creates the account unless the email is taken. birth_year and country (of residence) are
-- '' when not given; guardian is 'pending' when a guardian's consent is needed, else 'none';
-- rooms and matching: the consents given at sign-up, recorded with their time.
-- Answers {"shown"} (the name others see, see user_obj) or !conflict.
if redis.call('EXISTS', KEY.email) == 1 then return '!conflict' end
redis.call('SET', KEY.email, uid)
redis.call(
  'HSET',
  KEY.user,
  'email',
  email,
  'name',
  name,
  'role',
  role,
  'pw',
  pw,
  'created',
  now_ms(),
  'birth_year',
  birth_year,
  'country',
  country,
  'guardian',
  guardian == 'pending' and 'pending' or '',
  'consent_rooms',
  rooms and '1' or '0',
  'consent_matching',
  matching and '1' or '0'
)
local at = now_ms()
consent_note(uid, 'rooms', rooms, at, uid)
consent_note(uid, 'matching', matching, at, uid)
redis.call('SADD', KEY.users, uid)
redis.call('SADD', KEY.by_role, uid)
return cjson.encode({ shown = shown_name(name, birth_year, year_of(now_ms())) })
