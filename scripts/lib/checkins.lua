-- wrk script: check-ins through the API, each request as the next person in $TOKENS (one
-- bearer token per line), going round again (an update of the day's check-in) when every
-- person has checked in. A person's status depends only on their place in the list, so going
-- round again does not move the absence figure. Threads take every $THREADS-th person.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local statuses = { "office", "remote", "office", "sick", "office", "child_care", "remote", "office" }

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  step = tonumber(os.getenv("THREADS"))
  i = id + 1
end

function request()
  local n = i
  i = i + step
  if i > #tokens then
    i = id + 1
  end
  local body = '{"status":"' .. statuses[(n % #statuses) + 1] .. '","wellbeing":' .. (1 + n % 5) .. '}'
  return wrk.format("POST", "/api/v1/checkins", {
    ["Authorization"] = "Bearer " .. tokens[n],
    ["Content-Type"] = "application/json",
  }, body)
end
