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
     * buckets' theoretical arrival times ({@code t1}.., with the late ones {@code L1}.. and their anchors
     * {@code A1}..), the last departure ({@code l}) and the shared cold start ({@code p} pending units, {@code pu}
     * hold deadline, {@code o} opening units, {@code e} its epoch: the time it began, 0 if none; {@code r:PROCESS} the
     * opening answers each process reported); KEYS[1+i]: the sorted set of window limit i's units, scored by the
     * latest each may arrive, odd while a guess, even once final (answered, or taken over from a local share).
     * ARGV: not-before, cost, lateness, max-wait (-1: only at once), rejoin (1/0), the unit's name, the number of
     * limits n, then per limit its kind ({@code g} bucket: interval, burst; {@code w} window: length, count); the number
     * of answered units m, then per unit its name, cost and age; whether this request is an opening unit (1/0), whether
     * it may be held (1/0), the process, the epoch and the count (cumulative) of its opening units answered; the number
     * of units the process sent on its local share s, then the age of each (negative: still to leave). Returns
     * {1 committed / 0 refused / 2 held for openings / 3 held for an answer (nothing committed), wait (held: when to
     * ask again), binding limit (0: none, or the pause), cold-start epoch, horizon (the last committed departure, from
     * now), how long a pause still runs, the ratio of the last cut of any process's adjuster (0: none), how long ago it
     * was made}. Field {@code pause} of KEYS[1]: nothing leaves before it ({@link #PAUSE}); {@code cut} and
     * {@code cutat}: the last cut ({@link #CUT}).
     *
     * <p>A request conforms if it conforms arriving anywhere between its departure and its lateness later: a bucket
     * checks the departure against a theoretical arrival time built from the latest arrivals (GCRA's late anchor), a
     * window counts every unit until the latest it may arrive (its answer, once told, tightens that). Departures are
     * committed in order (FIFO), so a refusal commits nothing and nobody's slot moves. Keys live as long as anything
     * in them still counts: their expiry is only ever lengthened.
     */
    static final String RESERVE = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local function fmt(x) return string.format('%.0f', x) end",
            "local function num(x) return tonumber(x or 0) end",
            "local function extend(k, ms)",
            "  local left = redis.call('PTTL', k)",
            "  if left == -1 or (left >= 0 and left < ms) then redis.call('PEXPIRE', k, math.ceil(ms)) end",
            "end",
            "local function even(x) if x % 2 == 1 then return x + 1 end return x end",
            "local h = KEYS[1]",
            "local cost = tonumber(ARGV[2])",
            "local hi = tonumber(ARGV[3])",
            "local maxWait = tonumber(ARGV[4])",
            "local unit = ARGV[6]",
            "local n = tonumber(ARGV[7])",
            "local function kind(i) return ARGV[5 + 3 * i] end",
            "local function first(i) return tonumber(ARGV[6 + 3 * i]) end",
            "local function second(i) return tonumber(ARGV[7 + 3 * i]) end",
            "local at = 8 + 3 * n",
            "local m = tonumber(ARGV[at])",
            "local q = at + 3 * m + 1",
            "local r = q + 5",
            "local shared = tonumber(ARGV[r])",
            "local ttl = 10000",
            // Units of this process whose answers came: each arrived by its answer, which is its bound from now on:
            // a guess too high is lowered, one too low (a request later than the most lateness assumed) is raised,
            // as the requests held on it will see.
            "for j = 1, m do",
            "  local name = ARGV[at + 3 * j - 2]",
            "  local c = tonumber(ARGV[at + 3 * j - 1])",
            "  local bound = fmt(even(now - tonumber(ARGV[at + 3 * j])))",
            "  for i = 1, n do",
            "    if kind(i) == 'w' then",
            "      for u = 1, c do redis.call('ZADD', KEYS[1 + i], 'XX', bound, name .. '.' .. u) end",
            "    end",
            "  end",
            "end",
            // A pause any process told of (PAUSE): nothing leaves before it ends.
            "local last = num(redis.call('HGET', h, 'l'))",
            "local paused = math.max(0, num(redis.call('HGET', h, 'pause')) - now)",
            // The last cut of any process's adjuster (CUT): returned, so that every process slows down with it.
            "local cutr = num(redis.call('HGET', h, 'cut'))",
            "local cutage = math.max(0, now - num(redis.call('HGET', h, 'cutat')))",
            "local d = math.max(now + tonumber(ARGV[1]), last, now + paused)",
            // A bucket: tat counts every unit as arriving when it left; late (with its anchor, the latest arrival of
            // the last unit that found the bucket full) as arriving as late as it may. Beyond the burst counted from
            // the anchor, a unit may meet the anchor's late start at the server, so late binds too.
            "local tat, late, anchor = {}, {}, {}",
            "for i = 1, n do",
            "  if kind(i) == 'g' then",
            "    local v = redis.call('HMGET', h, 't' .. i, 'L' .. i, 'A' .. i)",
            "    tat[i], late[i], anchor[i] = num(v[1]), num(v[2]), num(v[3])",
            "  end",
            "end",
            // The shared cold start: units some process sent in its opening (their lateness unknown) and has not had
            // answered (pending) hold every process's requests that would wait or go beyond the opening burst, until
            // the last is answered or the hold's deadline passes; then all the opening's units count as arrived then.
            // A process reports how many of its opening units were answered in all (a report repeated, after a
            // timeout that still ran, takes nothing off twice), for the cold start that began at epoch.
            "local cold, mayHold, process = ARGV[q] == '1', ARGV[q + 1] == '1', ARGV[q + 2]",
            // A request no answer will be reported for (the plain API) counts as leaving when it does: its bound is final.
            "local final = not mayHold",
            "local ansEpoch, ansUnits = tonumber(ARGV[q + 3]), tonumber(ARGV[q + 4])",
            "local s = redis.call('HMGET', h, 'p', 'pu', 'o', 'e')",
            "local pending, holdUntil, opening, epoch = num(s[1]), num(s[2]), num(s[3]), num(s[4])",
            "if ansUnits > 0 and epoch > 0 and ansEpoch == epoch then",
            "  local field = 'r:' .. process",
            "  local before = 0",
            "  local told = redis.call('HGET', h, field)",
            "  if told then",
            "    local e, u = string.match(told, '^(%d+):(%d+)$')",
            "    if tonumber(e) == epoch then before = tonumber(u) end",
            "  end",
            "  if ansUnits > before then",
            "    pending = pending - (ansUnits - before)",
            "    redis.call('HSET', h, field, fmt(epoch) .. ':' .. fmt(ansUnits))",
            "  end",
            "end",
            "if opening > 0 and (pending <= 0 or now >= holdUntil) then",
            "  for i = 1, n do",
            "    if kind(i) == 'g' then",
            "      if now + opening * first(i) > tat[i] then tat[i] = now + opening * first(i) end",
            "      if tat[i] > late[i] then late[i] = tat[i] end",
            "    end",
            "  end",
            "  pending, opening, epoch = 0, 0, 0",
            "  local fields = redis.call('HKEYS', h)",
            "  for _, field in ipairs(fields) do",
            "    if string.sub(field, 1, 2) == 'r:' then redis.call('HDEL', h, field) end",
            "  end",
            "end",
            "if pending < 0 then pending = 0 end",
            "local function save()",
            "  for i = 1, n do",
            "    if kind(i) == 'g' then",
            "      redis.call('HSET', h, 't' .. i, fmt(tat[i]), 'L' .. i, fmt(late[i]), 'A' .. i, fmt(anchor[i]))",
            "    end",
            "  end",
            "  redis.call('HSET', h, 'p', fmt(pending), 'pu', fmt(holdUntil), 'o', fmt(opening), 'e', fmt(epoch))",
            "  extend(h, ttl)",
            "end",
            "if ARGV[5] == '1' then",
            // Back from planning on a local share: the units it sent there (up to now, and those still to leave) count
            // as late as they may. A bucket is taken as full as of the latest of them; a window gets each of them.
            "  for i = 1, n do",
            "    if kind(i) == 'g' then",
            "      local full = d + hi + second(i) * first(i)",
            "      if full > tat[i] then tat[i] = full end",
            "      if tat[i] > late[i] then late[i] = tat[i]; anchor[i] = d + hi end",
            "      if (late[i] - now) / 1000 + 1000 > ttl then ttl = (late[i] - now) / 1000 + 1000 end",
            "    else",
            "      local k = KEYS[1 + i]",
            "      for j = 1, shared do",
            "        local bound = even(now - tonumber(ARGV[r + j]) + hi)",
            "        redis.call('ZADD', k, fmt(bound), unit .. '.s' .. j)",
            "        if (bound + first(i) - now) / 1000 + 1000 > ttl then ttl = (bound + first(i) - now) / 1000 + 1000 end",
            "      end",
            "      extend(k, ttl)",
            "    end",
            "  end",
            "end",
            "local binding = 0",
            "local guessed = nil",
            "for i = 1, n do",
            "  local a, b = first(i), second(i)",
            "  local e, g = now, nil",
            "  if kind(i) == 'g' then",
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
            "    if opening + cost > second(i) then beyond = true end",
            "  end",
            "  if beyond then save(); return {2, 0, 0, epoch, last - now, paused, cutr, cutage} end",
            "end",
            // Waiting anyway, on a unit whose arrival is a guess (not answered yet): ask again once it may be, rather
            // than commit to the guess (answers come within a round trip, long before the slot); not once the guess
            // itself has passed (an answer that never came: the request failed), the bound then stands.
            "if mayHold and guessed and d > now + 1000 and now < guessed then",
            "  save()",
            "  return {3, math.max(1000, guessed - hi - now), binding, epoch, last - now, paused, cutr, cutage}",
            "end",
            "local wait = d - now",
            "if (maxWait < 0 and wait > 0) or (maxWait >= 0 and wait > maxWait) then",
            "  save(); return {0, wait, binding, epoch, last - now, paused, cutr, cutage}",
            "end",
            "if cold then",
            "  if epoch == 0 then epoch = now end",
            "  pending = pending + cost",
            "  if d + 5000000 > holdUntil then holdUntil = d + 5000000 end",
            "end",
            "if cold or pending > 0 then opening = opening + cost end",
            "if (holdUntil - now) / 1000 + 1000 > ttl then ttl = (holdUntil - now) / 1000 + 1000 end",
            "for i = 1, n do",
            "  local a, b = first(i), second(i)",
            "  if kind(i) == 'g' then",
            "    local units = cost * a",
            "    tat[i] = math.max(tat[i], d) + units",
            "    local latest = d",
            "    if not cold then latest = d + hi end",
            // The anchor moves to a unit only if the late schedule drained before it left; otherwise it moves by as
            // much as the late TAT, so that the units since it count with the new one (LimitState.GcraState).
            "    if latest > late[i] then",
            "      if d >= late[i] then anchor[i] = latest else anchor[i] = anchor[i] + latest - late[i] end",
            "      late[i] = latest",
            "    end",
            "    late[i] = math.max(late[i], tat[i] - units) + units",
            "    if (late[i] - now) / 1000 + 1000 > ttl then ttl = (late[i] - now) / 1000 + 1000 end",
            "  else",
            "    local k = KEYS[1 + i]",
            "    local score = d + hi",
            "    if final then score = even(score) elseif score % 2 == 0 then score = score + 1 end",
            "    for u = 1, cost do redis.call('ZADD', k, fmt(score), unit .. '.' .. u) end",
            "    if (score + a - now) / 1000 + 1000 > ttl then ttl = (score + a - now) / 1000 + 1000 end",
            "    extend(k, ttl)",
            "  end",
            "end",
            "redis.call('HSET', h, 'l', fmt(d))",
            "save()",
            "return {1, wait, binding, epoch, d - now, paused, cutr, cutage}");

    /**
     * Nothing of a limiter leaves before ARGV[1] microseconds from now (KEYS[1]: its hash, as in {@link #RESERVE}):
     * a later end than the one set replaces it, an earlier one changes nothing; the hash lives at least that long.
     */
    static final String PAUSE = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local ends = now + tonumber(ARGV[1])",
            "if ends > tonumber(redis.call('HGET', KEYS[1], 'pause') or 0) then",
            "  redis.call('HSET', KEYS[1], 'pause', string.format('%.0f', ends))",
            "end",
            "local ms = math.ceil(tonumber(ARGV[1]) / 1000) + 1000",
            "local left = redis.call('PTTL', KEYS[1])",
            "if left == -1 or (left >= 0 and left < ms) then redis.call('PEXPIRE', KEYS[1], ms) end",
            "return 1");

    /**
     * A process's adjuster cut the limiter's ratio to ARGV[1] parts per million ARGV[3] microseconds ago (KEYS[1]: its
     * hash, as in {@link #RESERVE}), a cut that matters for ARGV[2] milliseconds (until it has recovered). It replaces
     * the cut kept (a process adopts the cut it reads with every reservation, so it cuts from there); the hash lives
     * at least as long.
     */
    static final String CUT = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local ms = tonumber(ARGV[2])",
            "local at = now - tonumber(ARGV[3])",
            "redis.call('HSET', KEYS[1], 'cut', ARGV[1], 'cutat', string.format('%.0f', at))",
            "local left = redis.call('PTTL', KEYS[1])",
            "if left == -1 or (left >= 0 and left < ms) then redis.call('PEXPIRE', KEYS[1], ms) end",
            "return 1");

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
