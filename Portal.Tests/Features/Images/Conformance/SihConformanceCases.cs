namespace Portal.Tests.Features.Images.Conformance;

/// <summary>Every case table, numbered per SIH spec file in table order: "image-request/setup.spec.ts#3".</summary>
public static class SihConformanceCases
{
    public static readonly IReadOnlyList<SihCase> All = Number(
        SihImageRequestCases.All()
            .Concat(SihThumborCases.All())
            .Concat(SihImageHandlerCases.All())
            .Concat(SihIndexCases.All()));

    private static readonly Dictionary<string, SihCase> Ids = All.ToDictionary(c => c.Id);

    public static SihCase ById(string id) => Ids[id];

    public static TheoryData<string> RunnableIds() => new(All.Where(c => c.Runs).Select(c => c.Id));

    private static List<SihCase> Number(IEnumerable<SihCase> cases)
    {
        var seen = new Dictionary<string, int>();
        return cases.Select(c =>
        {
            seen[c.Spec] = seen.GetValueOrDefault(c.Spec) + 1;
            return c with { Id = $"{c.Spec}#{seen[c.Spec]}" };
        }).ToList();
    }
}
