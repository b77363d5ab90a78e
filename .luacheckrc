-- luacheck settings for the Redis scripts. luacheck reads each script as Redis runs it:
-- the shared files of lib/ (LUA_LIB, from the Makefile), the lines gen.awk binds from its --! declarations, then the script
-- (make check-lua writes them to build/gen/lua/). Redis runs Lua 5.1 with its own globals.
std = 'lua51'
-- Line width is StyLua's business (on the source files); the bound lines may be long.
max_line_length = false
read_globals = { 'redis', 'cjson', 'cmsgpack', 'bit', 'struct', 'KEYS', 'ARGV' }

-- The shared functions are used by some scripts only.
local shared = {}
for file in string.gmatch(os.getenv('LUA_LIB') or 'service/lua/lib/common.lua', '%S+') do
  for line in io.lines(file) do
    local name = line:match('^local function ([%w_]+)') or line:match('^local ([%w_]+) = {')
    if name then shared[#shared + 1] = '21[12]/' .. name end
  end
end
files['build/gen/lua/*.lua'] = { ignore = shared }
