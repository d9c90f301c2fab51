package io.zero429.store;

/**
 * The Lua scripts a Redis store runs: each one atomic on the server, on the server's clock ({@code TIME}), in one
 * round trip. Times are whole microseconds of that clock.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    /**
     * One reservation of a limiter's limits ({@code RedisSchedule} writes the arguments). KEYS[1]: a hash of the
     * buckets' theoretical arrival times ({@code t1}..), the last departure ({@code l}) and a floor no departure goes
     * below ({@code f}); KEYS[1+i]: the sorted set of window limit i's units, scored by the latest each may arrive.
     * ARGV: not-before, cost, lateness, max-wait (-1: only at once), rejoin (1/0), the unit's name, the number of limits
     * n, then per limit its kind ({@code g} bucket: interval, burst; {@code w} window: length, count), then the
     * number of answered units m, then per unit its name, cost and age, then whether this request is an opening unit
     * (1/0), whether it may be held (1/0), and the epoch and units of this process's opening units answered since.
     * Returns {1 committed / 0 refused / 2 held for openings / 3 held for an answer (nothing committed), wait (held:
     * when to ask again), binding limit, cold-start epoch}. A window unit's score is odd while it is a guess (the
     * latest it may arrive), even once its answer said when it arrived at the latest.
     *
     * <p>A request conforms if it conforms arriving anywhere between its departure and its lateness later: a bucket
     * checks the departure against a theoretical arrival time built from the latest arrivals (GCRA's late anchor), a
     * window counts every unit until the latest it may arrive (its answer, once told, tightens that). Departures are
     * committed in order (FIFO), so a refusal commits nothing and nobody's slot moves.
     */
    static final String RESERVE = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local function fmt(x) return string.format('%.0f', x) end",
            "local function num(x) return tonumber(x or 0) end",
            "local h = KEYS[1]",
            "local cost = tonumber(ARGV[2])",
            "local hi = tonumber(ARGV[3])",
            "local maxWait = tonumber(ARGV[4])",
            "local unit = ARGV[6]",
            "local n = tonumber(ARGV[7])",
            "local at = 8 + 3 * n",
            "local m = tonumber(ARGV[at])",
            // Units of this process whose answers came: each arrived by its answer.
            "for j = 1, m do",
            "  local name = ARGV[at + 3 * j - 2]",
            "  local c = tonumber(ARGV[at + 3 * j - 1])",
            "  local bound = now - tonumber(ARGV[at + 3 * j])",
            // Answered bounds are even, guesses odd (a microsecond later either way: the safe side).
            "  if bound % 2 == 1 then bound = bound + 1 end",
            "  bound = fmt(bound)",
            "  for i = 1, n do",
            "    if ARGV[5 + 3 * i] == 'w' then",
            "      for u = 1, c do redis.call('ZADD', KEYS[1 + i], 'XX', 'LT', bound, name .. '.' .. u) end",
            "    end",
            "  end",
            "end",
            "local d = now + tonumber(ARGV[1])",
            "local last = num(redis.call('HGET', h, 'l'))",
            "if last > d then d = last end",
            "local floor = num(redis.call('HGET', h, 'f'))",
            // A bucket: tat counts every unit as arriving when it left; late (with its anchor, the latest arrival of
            // the last unit that found the bucket full) as arriving as late as it may. Beyond the burst counted from
            // the anchor, a unit may meet the anchor's late start at the server, so late binds too.
            "local tat, late, anchor = {}, {}, {}",
            "for i = 1, n do",
            "  if ARGV[5 + 3 * i] == 'g' then",
            "    local v = redis.call('HMGET', h, 't' .. i, 'L' .. i, 'A' .. i)",
            "    tat[i], late[i], anchor[i] = num(v[1]), num(v[2]), num(v[3])",
            "  end",
            "end",
            // The shared cold start: units some process sent in its opening (their lateness unknown) and has not had
            // answered (pending) hold every process's requests that would wait or go beyond the opening burst, until
            // the last is answered or the hold's deadline passes; then all the opening's units count as arrived then.
            "local q = at + 3 * m + 1",
            "local cold, mayHold = ARGV[q] == '1', ARGV[q + 1] == '1'",
            "local ansEpoch, ansUnits = tonumber(ARGV[q + 2]), tonumber(ARGV[q + 3])",
            "local s = redis.call('HMGET', h, 'p', 'pu', 'o', 'e')",
            "local pending, holdUntil, opening, epoch = num(s[1]), num(s[2]), num(s[3]), num(s[4])",
            "if ansUnits > 0 and ansEpoch == epoch then pending = pending - ansUnits end",
            "if opening > 0 and (pending <= 0 or now >= holdUntil) then",
            "  for i = 1, n do",
            "    if ARGV[5 + 3 * i] == 'g' then",
            "      local a = tonumber(ARGV[6 + 3 * i])",
            "      if now + opening * a > tat[i] then tat[i] = now + opening * a end",
            "      if tat[i] > late[i] then late[i] = tat[i] end",
            "    end",
            "  end",
            "  pending, opening, epoch = 0, 0, epoch + 1",
            "end",
            "if pending < 0 then pending = 0 end",
            "local function save()",
            "  for i = 1, n do",
            "    if ARGV[5 + 3 * i] == 'g' then",
            "      redis.call('HSET', h, 't' .. i, fmt(tat[i]), 'L' .. i, fmt(late[i]), 'A' .. i, fmt(anchor[i]))",
            "    end",
            "  end",
            "  redis.call('HSET', h, 'p', fmt(pending), 'pu', fmt(holdUntil), 'o', fmt(opening), 'e', fmt(epoch),",
            "      'f', fmt(floor))",
            "end",
            "if ARGV[5] == '1' then",
            // Back from planning on a local share: the server's limits may be full, as of a unit arriving now at
            // the latest.
            "  for i = 1, n do",
            "    local a, b = tonumber(ARGV[6 + 3 * i]), tonumber(ARGV[7 + 3 * i])",
            "    if ARGV[5 + 3 * i] == 'g' then",
            "      local full = now + hi + b * a",
            "      if full > tat[i] then tat[i] = full end",
            "      if tat[i] > late[i] then late[i] = tat[i]; anchor[i] = now + hi end",
            "    else",
            "      if now + hi + a > floor then floor = now + hi + a end",
            "    end",
            "  end",
            "end",
            "if floor > d then d = floor end",
            "local binding = 0",
            "local guessed = nil",
            "for i = 1, n do",
            "  local a, b = tonumber(ARGV[6 + 3 * i]), tonumber(ARGV[7 + 3 * i])",
            "  local e, g = now, nil",
            "  if ARGV[5 + 3 * i] == 'g' then",
            "    local before = b - math.min(cost, b)",
            "    e = tat[i] - before * a",
            "    if late[i] + cost * a - anchor[i] > b * a and late[i] - before * a > e then e = late[i] - before * a end",
            "  else",
            "    local k = KEYS[1 + i]",
            "    redis.call('ZREMRANGEBYSCORE', k, '-inf', fmt(now - a))",
            "    if cost > b then",
            "      e = now + 1e15",
            "    else",
            "      local over = redis.call('ZREVRANGE', k, b - cost, b - cost, 'WITHSCORES')",
            "      if over[2] then",
            "        e = tonumber(over[2]) + a",
            "        if tonumber(over[2]) % 2 == 1 then g = tonumber(over[2]) end",
            "      end",
            "    end",
            "  end",
            "  if e > d then d = e; binding = i; guessed = g end",
            "end",
            "if mayHold and pending > 0 and now < holdUntil then",
            "  local beyond = d > now",
            "  for i = 1, n do",
            "    if opening + cost > tonumber(ARGV[7 + 3 * i]) then beyond = true end",
            "  end",
            "  if beyond then save(); redis.call('PEXPIRE', h, 10000); return {2, 0, 0, epoch} end",
            "end",
            // Waiting anyway, on a unit whose arrival is a guess (not answered yet): ask again once it may be, rather
            // than commit to the guess (answers come within a round trip, long before the slot).
            "if mayHold and guessed and d > now + 1000 then",
            "  save(); redis.call('PEXPIRE', h, 10000)",
            "  return {3, math.max(1000, guessed - hi - now), binding, epoch}",
            "end",
            "local wait = d - now",
            "if (maxWait < 0 and wait > 0) or (maxWait >= 0 and wait > maxWait) then",
            "  save(); redis.call('PEXPIRE', h, 10000); return {0, wait, binding, epoch}",
            "end",
            "if cold then",
            "  pending = pending + cost",
            "  if d + 5000000 > holdUntil then holdUntil = d + 5000000 end",
            "end",
            "if cold or pending > 0 then opening = opening + cost end",
            "local ttl = 1000",
            "for i = 1, n do",
            "  local a, b = tonumber(ARGV[6 + 3 * i]), tonumber(ARGV[7 + 3 * i])",
            "  if ARGV[5 + 3 * i] == 'g' then",
            "    local units = cost * a",
            "    tat[i] = math.max(tat[i], d) + units",
            "    local latest = d",
            "    if not cold then latest = d + hi end",
            "    if latest > late[i] then anchor[i] = latest; late[i] = latest end",
            "    late[i] = math.max(late[i], tat[i] - units) + units",
            "    local idle = math.ceil((late[i] - now) / 1000) + 1000",
            "    if idle > ttl then ttl = idle end",
            "  else",
            "    local k = KEYS[1 + i]",
            "    local score = d + hi",
            "    if score % 2 == 0 then score = score + 1 end",
            "    score = fmt(score)",
            "    for u = 1, cost do redis.call('ZADD', k, score, unit .. '.' .. u) end",
            "    local idle = math.ceil((d + hi + a - now) / 1000) + 1000",
            "    if idle > ttl then ttl = idle end",
            "  end",
            "end",
            "save()",
            "redis.call('HSET', h, 'l', fmt(d))",
            "if holdUntil - now > (ttl - 1000) * 1000 then ttl = math.ceil((holdUntil - now) / 1000) + 1000 end",
            "redis.call('PEXPIRE', h, ttl)",
            "for i = 1, n do",
            "  if ARGV[5 + 3 * i] == 'w' then redis.call('PEXPIRE', KEYS[1 + i], ttl) end",
            "end",
            "return {1, wait, binding, epoch}");

    /**
     * A process says it is live until ARGV[2] microseconds from now (KEYS[1]: the sorted set of live processes, by
     * when each stops counting); returns how many are live.
     */
    static final String HEARTBEAT = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[2])), ARGV[1])",
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))",
            "redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) / 1000))",
            "return redis.call('ZCARD', KEYS[1])");
}
