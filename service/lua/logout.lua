--! family accounts
--! key revoked revoked:$jti
--! arg uid id
--! arg jti str
--! arg ttl_ms int
--! arg tell bool
-- Revokes the session jti until its token would expire; with tell, says so to every node
-- (sent after the node signed its own connection out). Answers {}.
if tell then
  publish_user(uid, EV.revoke, jti)
else
  redis.call('SET', KEY.revoked, '1', 'PX', ttl_ms)
end
return '{}'
