/**
 * The Lua scripts of `createRedisStore`'s sliding windows and lists: each runs atomically on the
 * Redis server, so instances sharing it never admit more than the limit between them.
 */

/**
 * A sliding window over a sorted set of hit times (score = time, member = time + a random suffix
 * so that simultaneous hits stay distinct). KEYS[1]: the set; ARGV: now, windowMs, limit, member.
 * Returns { allowed (0/1), count, retryAfterMs }.
 */
export const SLIDING_WINDOW_SCRIPT = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, count + 1, 0}
end
local index = count - limit
local oldest = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
local retry = 1
if oldest[2] then retry = math.max(1, tonumber(oldest[2]) + window - now) end
return {0, count, retry}`;

/**
 * A grouped list (see `ListPushOptions`): each group's values in a list of their own, the groups
 * in turn order in a second list, the total in a counter; every key under one hash tag.
 * Push — KEYS: turns, the group's list, total. ARGV: value, maxLength, front (0/1), group,
 * groupLimit (0: none). Returns 1 when pushed, 0 when refused.
 */
export const LIST_PUSH_SCRIPT = `local own = redis.call('LLEN', KEYS[2])
if ARGV[3] == '1' then
  redis.call('LPUSH', KEYS[2], ARGV[1])
  if own > 0 then redis.call('LREM', KEYS[1], 1, ARGV[4]) end
  redis.call('LPUSH', KEYS[1], ARGV[4])
  redis.call('INCR', KEYS[3])
  return 1
end
local groupLimit = tonumber(ARGV[5])
if groupLimit > 0 and own >= groupLimit then return 0 end
if own > 0 and tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
if own == 0 then redis.call('RPUSH', KEYS[1], ARGV[4]) end
redis.call('INCR', KEYS[3])
return 1`;

/**
 * Pops the oldest value of the group whose turn it is; the group goes last in turn while it
 * holds more. KEYS: turns, total. ARGV: the prefix of the groups' list keys (same hash tag).
 * Returns the value, or false when the list is empty.
 */
export const LIST_POP_SCRIPT = `for _ = 1, 1000 do
  local group = redis.call('LPOP', KEYS[1])
  if not group then return false end
  local key = ARGV[1] .. group
  local value = redis.call('LPOP', key)
  if redis.call('LLEN', key) > 0 then redis.call('RPUSH', KEYS[1], group) end
  if value then
    if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
    return value
  end
end
return false`;

/**
 * The Chargebee budget's admission (`budgetAdmission`), the same rule as `admits` in
 * `budget-admission.ts`: per-class sorted sets of call times, the offer-fetch demand, and the
 * identity's own calls of this class. Every key carries one hash tag, so the script runs in one
 * Redis Cluster slot.
 * KEYS: critical, status, dismissed, offers, viewed, demand[, identity]. ARGV: now, windowMs,
 * limit, critical reserve, status reserve, dismissal floor, offers floor, demandWindowMs,
 * priority ('' only counts), member[, identityLimit]. Returns { allowed (0/1), reason (0 none,
 * 1 budget, 2 fairness), used, retryAfterMs }.
 */
export const BUDGET_ADMISSION_SCRIPT = `local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local reserveCritical = tonumber(ARGV[4])
local reserveStatus = tonumber(ARGV[5])
local floorDismissed = tonumber(ARGV[6])
local floorOffers = tonumber(ARGV[7])
local demandWindow = tonumber(ARGV[8])
local priority = ARGV[9]
local member = ARGV[10]
local since = now - window
local counts = {}
local used = 0
local oldest = nil
for i = 1, 6 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', since)
  if i <= 5 then
    counts[i] = redis.call('ZCARD', KEYS[i])
    used = used + counts[i]
    local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    if first[2] and (oldest == nil or tonumber(first[2]) < oldest) then oldest = tonumber(first[2]) end
  end
end
if priority == '' then return {0, 0, used, 0} end
local function retry(first)
  if first == nil then first = now end
  return math.max(1, first + window - now)
end
if KEYS[7] then
  redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', since)
  if redis.call('ZCARD', KEYS[7]) >= tonumber(ARGV[11]) then
    local first = redis.call('ZRANGE', KEYS[7], 0, 0, 'WITHSCORES')
    return {0, 2, used, retry(tonumber(first[2]))}
  end
end
if priority == 'offers' then
  redis.call('ZADD', KEYS[6], now, member)
  local size = redis.call('ZCARD', KEYS[6])
  if size > limit then redis.call('ZREMRANGEBYRANK', KEYS[6], 0, size - limit - 1) end
  redis.call('PEXPIRE', KEYS[6], window)
end
local demand = redis.call('ZCOUNT', KEYS[6], '(' .. (now - demandWindow), '+inf')
local projected = math.ceil(demand * window / demandWindow)
local unusedCritical = math.max(0, reserveCritical - counts[1])
local spill = math.max(0, counts[1] - reserveCritical)
local unusedStatus = math.max(0, reserveStatus - counts[2] - spill)
local unusedDismissed = math.max(0, floorDismissed - counts[3])
local pageLoads = math.max(projected, math.max(0, floorOffers - counts[4]))
local accepts = unusedCritical + unusedStatus
local nextUsed = used + 1
local ok
local index
if priority == 'critical' then
  index = 1
  ok = nextUsed <= limit
elseif priority == 'status' then
  index = 2
  ok = nextUsed <= limit - unusedCritical
elseif priority == 'dismissed' then
  index = 3
  if counts[3] < floorDismissed then ok = nextUsed <= limit - accepts
  else ok = nextUsed + pageLoads <= limit - accepts end
elseif priority == 'offers' then
  index = 4
  ok = nextUsed <= limit - accepts - unusedDismissed
else
  index = 5
  ok = nextUsed + pageLoads <= limit - accepts - unusedDismissed
end
if not ok then return {0, 1, used, retry(oldest)} end
redis.call('ZADD', KEYS[index], now, member)
redis.call('PEXPIRE', KEYS[index], window)
if KEYS[7] then
  redis.call('ZADD', KEYS[7], now, member)
  redis.call('PEXPIRE', KEYS[7], window)
end
return {1, 0, nextUsed, 0}`;
