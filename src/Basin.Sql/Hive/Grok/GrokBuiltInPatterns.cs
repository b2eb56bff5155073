namespace Basin.Sql.Hive.Grok;

/// <summary>
/// The named patterns AWS Glue's grok classifiers and the GrokSerDe know without being told, as
/// Glue's "Writing custom classifiers" guide lists them, in the same one-per-line form custom
/// patterns take. A capture named UNWANTED is matched but not kept.
/// </summary>
internal static class GrokBuiltInPatterns
{
    public static readonly IReadOnlyDictionary<string, string> All = GrokPatternLines.Parse("""
        USERNAME [a-zA-Z0-9._-]+
        USER %{USERNAME:UNWANTED}
        INT (?:[+-]?(?:[0-9]+))
        BASE10NUM (?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\.[0-9]+)?)|(?:\.[0-9]+)))
        NUMBER (?:%{BASE10NUM:UNWANTED})
        BASE16NUM (?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))
        BASE16FLOAT \b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?)|(?:\.[0-9A-Fa-f]+)))\b
        BOOLEAN (?i)(true|false)
        POSINT \b(?:[1-9][0-9]*)\b
        NONNEGINT \b(?:[0-9]+)\b
        WORD \b\w+\b
        NOTSPACE \S+
        SPACE \s*
        DATA .*?
        GREEDYDATA .*
        QUOTEDSTRING (?>(?<!\\)(?>"(?>\\.|[^\\"]+)+"|""|(?>'(?>\\.|[^\\']+)+')|''|(?>`(?>\\.|[^\\`]+)+`)|``))
        UUID [A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}

        # Networking
        MAC (?:%{CISCOMAC:UNWANTED}|%{WINDOWSMAC:UNWANTED}|%{COMMONMAC:UNWANTED})
        CISCOMAC (?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4})
        WINDOWSMAC (?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})
        COMMONMAC (?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})
        IPV6 ((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?
        IPV4 (?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2}))(?![0-9])
        IP (?:%{IPV6:UNWANTED}|%{IPV4:UNWANTED})
        HOSTNAME \b(?:[0-9A-Za-z][0-9A-Za-z-_]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-_]{0,62}))*(\.?|\b)
        HOST %{HOSTNAME:UNWANTED}
        IPORHOST (?:%{HOSTNAME:UNWANTED}|%{IP:UNWANTED})
        HOSTPORT (?:%{IPORHOST}:%{POSINT:PORT})

        # Paths
        PATH (?:%{UNIXPATH}|%{WINPATH})
        UNIXPATH (?>/(?>[\w_%!$@:.,~-]+|\\.)*)+
        TTY (?:/dev/(pts|tty([pq])?)(\w+)?/?(?:[0-9]+))
        WINPATH (?>[A-Za-z]+:|\\)(?:\\[^\\?*]*)+
        URIPROTO [A-Za-z]+(\+[A-Za-z+]+)?
        URIHOST %{IPORHOST}(?::%{POSINT:port})?
        URIPATH (?:/[A-Za-z0-9$.+!*'(){},~:;=@#%_\-]*)+
        URIPARAM \?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]]*
        URIPATHPARAM %{URIPATH}(?:%{URIPARAM})?
        URI %{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?

        # Dates and times
        MONTH \b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b
        MONTHNUM (?:0?[1-9]|1[0-2])
        MONTHNUM2 (?:0[1-9]|1[0-2])
        MONTHDAY (?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])
        DAY (?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)
        YEAR (?>\d\d){1,2}
        HOUR (?:2[0123]|[01]?[0-9])
        MINUTE (?:[0-5][0-9])
        SECOND (?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)
        TIME (?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])
        DATE_US %{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}
        DATE_EU %{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}
        DATESTAMP_US %{DATE_US}[- ]%{TIME}
        DATESTAMP_EU %{DATE_EU}[- ]%{TIME}
        ISO8601_TIMEZONE (?:Z|[+-]%{HOUR}(?::?%{MINUTE}))
        ISO8601_SECOND (?:%{SECOND}|60)
        TIMESTAMP_ISO8601 %{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?
        TZ (?:[PMCE][SD]T|UTC)
        DATESTAMP_RFC822 %{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}
        DATESTAMP_RFC2822 %{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}
        DATESTAMP_OTHER %{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}
        DATESTAMP_EVENTLOG %{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}
        CISCOTIMESTAMP %{MONTH} %{MONTHDAY} %{TIME}

        # Syslog
        SYSLOGTIMESTAMP %{MONTH} +%{MONTHDAY} %{TIME}
        PROG (?:[\w._/%-]+)
        SYSLOGPROG %{PROG:program}(?:\[%{POSINT:pid}\])?
        SYSLOGHOST %{IPORHOST}
        SYSLOGFACILITY <%{NONNEGINT:facility}.%{NONNEGINT:priority}>
        HTTPDATE %{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}
        QS %{QUOTEDSTRING:UNWANTED}
        SYSLOGBASE %{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:
        MESSAGESLOG %{SYSLOGBASE} %{DATA}

        # Log formats
        COMMONAPACHELOG %{IPORHOST:clientip} %{USER:ident} %{USER:auth} \[%{HTTPDATE:timestamp}\] "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" %{NUMBER:response} (?:%{Bytes:bytes=%{NUMBER}|-})
        COMBINEDAPACHELOG %{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}
        COMMONAPACHELOG_DATATYPED %{IPORHOST:clientip} %{USER:ident;boolean} %{USER:auth} \[%{HTTPDATE:timestamp;date;dd/MMM/yyyy:HH:mm:ss Z}\] "(?:%{WORD:verb;string} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion;float})?|%{DATA:rawrequest})" %{NUMBER:response;int} (?:%{NUMBER:bytes;long}|-)
        LOGLEVEL ([A|a]lert|ALERT|[T|t]race|TRACE|[D|d]ebug|DEBUG|[N|n]otice|NOTICE|[I|i]nfo|INFO|[W|w]arn?(?:ing)?|WARN?(?:ING)?|[E|e]rr?(?:or)?|ERR?(?:OR)?|[C|c]rit?(?:ical)?|CRIT?(?:ICAL)?|[F|f]atal|FATAL|[S|s]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)
        """);
}
