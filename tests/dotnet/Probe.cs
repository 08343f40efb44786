// The .NET side of the differential test (tests/dotnet.rs).
//
// Reads one case per line from standard input: four tab-separated fields,
// the first three hex of UTF-8 text: pattern, translation, input; the
// fourth "1" when the translation is to be applied, "0" for match only.
// Writes one line per case:
//   ERR                                  new Regex(pattern) throws
//   TIMEOUT                              the match ran past its time limit
//   NO replaced                          Regex.Match finds nothing
//   YES index length result groups replaced
//                                        a match: index and length in UTF-16
//                                        code units; result is "-" (not asked),
//                                        "!" (Result throws) or hex of the text;
//                                        groups is number:success:hex(value)
//                                        for every group, comma-separated;
//                                        replaced is Regex.Replace(input,
//                                        translation) as "-", "!" or hex
// The culture is the invariant one (en-US maps case the same way).
using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

static class Probe
{
    static string Hex(string s)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(s)) sb.Append(b.ToString("x2"));
        return sb.ToString();
    }

    static string Text(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
        return Encoding.UTF8.GetString(bytes);
    }

    static void Main()
    {
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
        var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        stdout.NewLine = "\n";
        string line;
        while ((line = stdin.ReadLine()) != null)
        {
            string[] f = line.Split('\t');
            string pattern = Text(f[0]), translation = Text(f[1]), input = Text(f[2]);
            Regex re;
            try { re = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(2)); }
            catch (Exception) { stdout.WriteLine("ERR"); continue; }
            Match m;
            try { m = re.Match(input); }
            catch (RegexMatchTimeoutException) { stdout.WriteLine("TIMEOUT"); continue; }
            string replaced = "-";
            if (f[3] == "1")
            {
                try { replaced = Hex(re.Replace(input, translation)); }
                catch (RegexMatchTimeoutException) { stdout.WriteLine("TIMEOUT"); continue; }
                catch (Exception) { replaced = "!"; }
            }
            if (!m.Success) { stdout.WriteLine("NO " + replaced); continue; }
            string result = "-";
            if (f[3] == "1")
            {
                try { result = Hex(m.Result(translation)); }
                catch (Exception) { result = "!"; }
            }
            var sb = new StringBuilder();
            sb.Append("YES ").Append(m.Index).Append(' ').Append(m.Length).Append(' ').Append(result).Append(' ');
            bool first = true;
            foreach (int n in re.GetGroupNumbers())
            {
                if (!first) sb.Append(',');
                first = false;
                Group g = m.Groups[n];
                sb.Append(n).Append(':').Append(g.Success ? '1' : '0').Append(':').Append(Hex(g.Value));
            }
            sb.Append(' ').Append(replaced);
            stdout.WriteLine(sb.ToString());
        }
        stdout.Flush();
    }
}
