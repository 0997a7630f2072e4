import { graphql, type ResultOf } from '../../graphql/graphql';

/** Everything the dashboard shows, for one date range, in one request. */
export const DashboardQuery = graphql(`
  query Dashboard($range: DashboardRangeInput!, $timeZone: String) {
    dashboard(range: $range, timeZone: $timeZone) {
      ordersPerDay {
        day
        channel
        orders
      }
      orders
      revenue {
        minorUnits
        currency
      }
      onTimeRate
      shippedOnTime
      shipDue
      lateRiskNow
      openExceptions
      ratingTrendUnit
      ratingTrend {
        period
        averageRating
        reviews
      }
      topProductsBySales {
        productId
        sku
        name
        units
      }
      returns {
        returnRate
        topReasons {
          reason
          units
        }
        topProducts {
          sku
          name
          units
        }
      }
      promotions {
        promotionId
        name
        orders
        discount {
          minorUnits
          currency
        }
      }
    }
  }
`);
export type DashboardData = NonNullable<ResultOf<typeof DashboardQuery>['dashboard']>;
