using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Portal.Engine.Data;

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options)
    : PortalDbContext(options)
{
    /// <summary>ICU's root collation (in every PostgreSQL built with ICU): its lower() folds every letter, whatever the database's locale.</summary>
    private const string UnicodeCollation = "und-x-icu";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDbFunction(typeof(UnicodeCase).GetMethod(nameof(UnicodeCase.Lower))!)
            .HasTranslation(args => new SqlFunctionExpression("lower", [new CollateExpression(args[0], UnicodeCollation)],
                nullable: true, argumentsPropagateNullability: [true], typeof(string), args[0].TypeMapping));
    }
}
