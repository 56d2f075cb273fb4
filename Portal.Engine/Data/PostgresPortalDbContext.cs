using Microsoft.EntityFrameworkCore;

namespace Portal.Engine.Data;

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options)
    : PortalDbContext(options);
