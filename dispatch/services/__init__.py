from dispatch.services.routing import case_route, route_pending_cases

__all__ = ["case_route", "route_pending_cases"]
