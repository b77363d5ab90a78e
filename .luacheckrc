-- luacheck settings for the Redis scripts (service/lua/). Redis runs Lua 5.1
-- with its own globals; embed.sh puts lib/common.lua in front of every script,
-- so the scripts may use the functions it defines.
std = 'lua51'
read_globals = { 'redis', 'cjson', 'cmsgpack', 'bit', 'struct', 'KEYS', 'ARGV' }

local common = {}
for line in io.lines('service/lua/lib/common.lua') do
  local name = line:match('^local function ([%w_]+)')
  if name then common[#common + 1] = name end
end

files['service/lua/*.lua'] = { read_globals = common }
-- The shared functions are used by some scripts only.
files['service/lua/lib/common.lua'] = { ignore = { '211' } }
