<#
topoc collect: a read-only snapshot of the Lync Server 2013 voice configuration that topoc
models, written as one JSON file (docs/snapshot.md describes it; docs/snapshot.schema.json is
its JSON Schema).

It only reads: every cmdlet it runs is a Get- cmdlet (and one that drops this PowerShell
session's own type data for arrays, below, which changes nothing else), and the one thing it
writes is the snapshot file. Run it in the Lync Server Management Shell as a member of RTCUniversalReadOnlyAdmins
(or any role that may read the configuration):

    .\topoc-collect.ps1 -Path snapshot.json

Every value is written as text, or as a list of values, whatever its .NET type: enumerations by
name rather than number, identities as Lync prints them. Objects keep the property names of the
cmdlet reference. Nothing is left to ConvertTo-Json's own conversions.
#>
param([string]$Path = 'topoc-snapshot.json')
$ErrorActionPreference = 'Stop'

# Windows PowerShell 3 to 5.1 writes an array that a function returned as
# {"value": [...], "Count": n} unless this session's type data for arrays is
# dropped. This changes nothing but this PowerShell session.
Remove-TypeData System.Array -ErrorAction Ignore

# A value as text, a list, or an object of such values. A configuration
# object (what a Get- cmdlet returns, a rule of a list, the bypass settings)
# becomes an object of its properties; anything else (an identity, an
# address) is text, as Lync prints it. At most four levels deep.
function ConvertTo-TopocValue($Value, [int]$Depth) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [ValueType]) { return [string]$Value }
    if ($Value -is [System.Collections.IEnumerable] -and $Depth -lt 4) {
        return ,@($Value | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-TopocValue $_ ($Depth + 1) })
    }
    $configuration = $Depth -eq 0 -or $Value.GetType().FullName -like 'Microsoft.Rtc.Management.WritableConfig.*'
    if (-not $configuration -or $Depth -ge 4) { return [string]$Value }
    $object = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $object[$property.Name] = ConvertTo-TopocValue $property.Value ($Depth + 1)
    }
    return $object
}

# Every object a Get- cmdlet returned, converted, as a list (empty when none).
function ConvertTo-TopocList($Objects) {
    return ,@($Objects | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-TopocValue $_ 0 })
}

$snapshot = [ordered]@{
    format = 'topoc-snapshot'
    version = '1'
    collected = [DateTime]::UtcNow.ToString('o')
    topology = [string](Get-CsTopology -AsXml)
    PstnUsages = ConvertTo-TopocList (Get-CsPstnUsage)
    TrunkConfigurations = ConvertTo-TopocList (Get-CsTrunkConfiguration)
    Trunks = ConvertTo-TopocList (Get-CsTrunk)
    PstnGateways = ConvertTo-TopocList (Get-CsService -PstnGateway)
    VoiceRoutes = ConvertTo-TopocList (Get-CsVoiceRoute)
    VoicePolicies = ConvertTo-TopocList (Get-CsVoicePolicy)
    DialPlans = ConvertTo-TopocList (Get-CsDialPlan)
    UnassignedNumbers = ConvertTo-TopocList (Get-CsUnassignedNumber)
    Announcements = ConvertTo-TopocList (Get-CsAnnouncement)
    MediaConfigurations = ConvertTo-TopocList (Get-CsMediaConfiguration)
    NetworkConfiguration = ConvertTo-TopocList (Get-CsNetworkConfiguration)
    NetworkRegions = ConvertTo-TopocList (Get-CsNetworkRegion)
    NetworkSites = ConvertTo-TopocList (Get-CsNetworkSite)
    NetworkSubnets = ConvertTo-TopocList (Get-CsNetworkSubnet)
    BandwidthPolicyProfiles = ConvertTo-TopocList (Get-CsNetworkBandwidthPolicyProfile)
    RegionLinks = ConvertTo-TopocList (Get-CsNetworkRegionLink)
    InterRegionRoutes = ConvertTo-TopocList (Get-CsNetworkInterRegionRoute)
    InterSitePolicies = ConvertTo-TopocList (Get-CsNetworkInterSitePolicy)
}

$snapshot | ConvertTo-Json -Depth 12 | Out-File -FilePath $Path -Encoding utf8
Write-Host "topoc snapshot written to $Path"
