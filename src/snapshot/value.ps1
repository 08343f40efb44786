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

