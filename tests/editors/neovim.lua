-- Neovim's built-in LSP client against `topoc lsp` (tests/neovim.rs).
-- Opens TOPOC_FILE in the project TOPOC_ROOT, waits for the diagnostics
-- of the broken usage, then asks for the definition of the usage in the
-- voice policy. Writes one line per finding to TOPOC_OUT and quits with
-- status 0 when every step answered, 1 otherwise. Written for Neovim 0.7
-- (Debian 12), whose client is started with vim.lsp.start_client.

local out = assert(io.open(os.getenv("TOPOC_OUT"), "w"))
local function say(line)
  out:write(line, "\n")
  out:flush()
end
local function fail(why)
  say("FAIL " .. why)
  out:close()
  vim.cmd("cquit 1")
end

local root = os.getenv("TOPOC_ROOT")
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TOPOC_FILE")))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "topoc",
  cmd = { os.getenv("TOPOC_BIN"), "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "project" } },
})
if not client then
  fail("the client did not start")
end
vim.lsp.buf_attach_client(buf, client)

local got = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not got then
  fail("no diagnostics within 30 s")
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  say(string.format("DIAGNOSTIC %d:%d %s %s", d.lnum + 1, d.col + 1, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), (d.message:gsub("\n.*", ""))))
end

-- The definition of `Local` in `usages [Local]` of the voice policy.
local line_nr, col
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if line:find("voice-policy", 1, true) then
    line_nr = i
  end
  if line_nr and i > line_nr then
    local s = line:find("[Local]", 1, true)
    if s then
      line_nr, col = i, s
      break
    end
  end
end
if not col then
  fail("no usages list in the voice policy")
end
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = line_nr - 1, character = col },
}
local answers = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 10000)
local answer = answers and answers[client]
if not answer or not answer.result then
  fail("no definition")
end
local loc = answer.result[1] or answer.result
say(string.format("DEFINITION %s %d:%d", vim.uri_to_fname(loc.uri), loc.range.start.line + 1, loc.range.start.character + 1))
vim.lsp.stop_client(client)
out:close()
vim.cmd("qall!")
