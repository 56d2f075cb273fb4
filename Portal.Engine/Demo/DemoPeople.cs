namespace Portal.Engine.Demo;

/// <summary>
/// Gives every demo customer a full name no other customer has. The drawn first and last name are used while that
/// pair is free; otherwise the next free pair in order (same first name, next last name); once every pair is taken,
/// the same again with a middle initial ("Alex B. Schmidt"), then two ("Alex A. B. Schmidt"), and so on.
/// No random draws of its own, so the generator's other draws stay as they were.
/// </summary>
internal sealed class DemoPeople(IReadOnlyList<string> firstNames, IReadOnlyList<string> lastNames)
{
    private readonly List<bool[]> _taken = [];
    private int _open;
    private int _usedAtOpen;

    private int Pairs => firstNames.Count * lastNames.Count;

    public string Take(int firstIndex, int lastIndex)
    {
        while (_taken.Count <= _open) _taken.Add(new bool[Pairs]);
        var taken = _taken[_open];
        var start = firstIndex * lastNames.Count + lastIndex;
        for (var k = 0; k < Pairs; k++)
        {
            var pair = (start + k) % Pairs;
            if (taken[pair]) continue;
            taken[pair] = true;
            var name = Compose(firstNames[pair / lastNames.Count], _open, lastNames[pair % lastNames.Count]);
            if (++_usedAtOpen == Pairs) (_open, _usedAtOpen) = (_open + 1, 0);
            return name;
        }
        throw new InvalidOperationException("A level with a free pair was full."); // not reached: a full level is left above
    }

    private static string Compose(string first, int level, string last) => level == 0 ? $"{first} {last}" : $"{first} {Initials(level)} {last}";

    /// <summary>1 is "A.", 26 "Z.", 27 "A. A." (bijective base 26, so every level has its own initials).</summary>
    private static string Initials(int level)
    {
        var letters = new List<string>();
        for (var n = level - 1; n >= 0; n = n / 26 - 1) letters.Insert(0, $"{(char)('A' + n % 26)}.");
        return string.Join(" ", letters);
    }
}
