using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Engine.Storefront;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The same shopper checks out the same cart in another tab, once, just before the intercepted checkout opens its
/// transaction: both have read the cart, and the other tab commits first.
/// </summary>
public sealed class CheckoutInAnotherTab(Func<Task<CheckoutResult>> otherTab) : DbTransactionInterceptor
{
    public CheckoutResult? OtherTabResult { get; private set; }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        OtherTabResult ??= await otherTab();
        return result;
    }
}
